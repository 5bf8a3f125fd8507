/* Integer operations at designed widths (cost_width_value): a width that is a profile type is that
 * type's cell; other widths follow the profile's composition rules and scaling laws, checked
 * here against fits solved by hand from the table rows; what no law can price is an error. */
#define _POSIX_C_SOURCE 200809L /* mkdtemp */
#include "check_main.h"
#include "table_fixture.h"

#include <math.h>

#include "cost_profile.h"
#include "cost_width.h"

static char err[1024];

static cost_profile *load(const char *tables, const char *name)
{
    cost_profile *p = cost_profile_new();
    ck_assert_msg(cost_profile_load(tables, name, p, err, sizeof err) == 0, "%s", err);
    return p;
}

static double cell(const cost_profile *p, cost_op op, cost_dtype t, cost_metric m)
{
    double v;
    ck_assert_msg(cost_op_value(p, op, t, m, &v, err, sizeof err) == 0, "%s", err);
    return v;
}

static double width(const cost_profile *p, cost_op op, cost_width w, cost_metric m)
{
    double v;
    ck_assert_msg(cost_width_value(p, op, w, m, &v, err, sizeof err) == 0, "%s", err);
    return v;
}

/* The relative least-squares coefficient of a one-term law c x b(p) on rows (b_i, y_i):
 * c = sum(b_i / y_i) / sum((b_i / y_i)^2). */
static double one_term(const double *b, const double *y, int n)
{
    double s1 = 0, s2 = 0;
    for (int i = 0; i < n; i++)
        s1 += b[i] / y[i], s2 += (b[i] / y[i]) * (b[i] / y[i]);
    return s1 / s2;
}

/* The law c0 + c1 p on rows (p_i, y_i) by the 2x2 normal equations of the relative fit. */
static void two_terms(const double *p, const double *y, int n, double *c0, double *c1)
{
    double s11 = 0, s12 = 0, s22 = 0, t1 = 0, t2 = 0;
    for (int i = 0; i < n; i++) {
        double a = 1 / y[i], b = p[i] / y[i];
        s11 += a * a, s12 += a * b, s22 += b * b, t1 += a, t2 += b;
    }
    double det = s11 * s22 - s12 * s12;
    *c0 = (t1 * s22 - t2 * s12) / det;
    *c1 = (s11 * t2 - s12 * t1) / det;
}

/* A width that is a type takes the cell, whatever gave it (table, law, rule). */
START_TEST(type_widths_are_the_cells)
{
    cost_profile *p = load(getenv("EOQ_COST_TABLES"), "asic45");
    for (int m = COST_ENERGY; m <= COST_AREA; m++) {
        ck_assert_double_eq(width(p, COST_MULT, cost_width_mult(32, 32), m), cell(p, COST_MULT, COST_INT32, m));
        ck_assert_double_eq(width(p, COST_MULT, cost_width_mult(16, 16), m), cell(p, COST_MULT, COST_INT16, m));
        ck_assert_double_eq(width(p, COST_ADD, cost_width_one(8), m), cell(p, COST_ADD, COST_INT8, m));
        ck_assert_double_eq(width(p, COST_SHIFT, cost_width_one(32), m), cell(p, COST_SHIFT, COST_INT32, m));
        ck_assert_double_eq(width(p, COST_MAC, cost_width_mac(8, 8, 32), m), cell(p, COST_MAC, COST_INT8, m));
    }
    cost_profile_free(p);
}
END_TEST

/* An 8 x 16 multiply: the p2 law with p^2 read as a b = 128 partial-product bits, the law fitted
 * by hand on Horowitz's int8 and int32 rows. A mac of it adds the int32 accumulator's cell. */
START_TEST(mixed_multiply_by_the_p2_law)
{
    cost_profile *p = load(getenv("EOQ_COST_TABLES"), "asic45");
    const double b[2] = {64, 1024};
    for (int m = COST_ENERGY; m <= COST_AREA; m++) {
        const double y[2] = {cell(p, COST_MULT, COST_INT8, m), cell(p, COST_MULT, COST_INT32, m)};
        double c = one_term(b, y, 2), v = width(p, COST_MULT, cost_width_mult(8, 16), m);
        ck_assert_double_eq_tol(v, c * 128, 1e-9 * v);
        ck_assert_double_eq_tol(width(p, COST_MULT, cost_width_mult(16, 8), m), v, 1e-12 * v);
        /* the int16 cell is the same law at 16 x 16: 2x the 8 x 16 array */
        ck_assert_double_eq_tol(cell(p, COST_MULT, COST_INT16, m), 2 * v, 1e-9 * v);
        ck_assert_double_eq_tol(width(p, COST_MAC, cost_width_mac(8, 16, 32), m), v + cell(p, COST_ADD, COST_INT32, m),
                                1e-9 * v);
        /* a 64-bit accumulator: the add law at 64 instead of the int32 cell */
        ck_assert_double_eq_tol(width(p, COST_MAC, cost_width_mac(8, 16, 64), m),
                                v + width(p, COST_ADD, cost_width_one(64), m), 1e-9 * v);
    }
    cost_profile_free(p);
}
END_TEST

/* 64-bit add, compare and shift: the adder law 1+p at 64 (fitted by hand on the 8/16/32 rows),
 * the comparator its add, the shifter 0.899 x (area) and 1.986 x (energy) its add (compose.csv). */
START_TEST(wide_add_compare_shift_by_law_and_rules)
{
    cost_profile *p = load(getenv("EOQ_COST_TABLES"), "asic45");
    const double w[3] = {8, 16, 32};
    const double k_shift[2] = {1.986, 0.899}; /* energy, area: compose.csv */
    for (int m = COST_ENERGY; m <= COST_AREA; m++) {
        const double y[3] = {cell(p, COST_ADD, COST_INT8, m), cell(p, COST_ADD, COST_INT16, m),
                             cell(p, COST_ADD, COST_INT32, m)};
        double c0, c1;
        two_terms(w, y, 3, &c0, &c1);
        double add64 = width(p, COST_ADD, cost_width_one(64), m);
        ck_assert_double_eq_tol(add64, c0 + 64 * c1, 1e-9 * add64);
        ck_assert_double_eq_tol(width(p, COST_COMPARE, cost_width_one(64), m), add64, 1e-12 * add64);
        ck_assert_double_eq_tol(width(p, COST_SHIFT, cost_width_one(64), m), k_shift[m] * add64, 1e-9 * add64);
    }
    cost_profile_free(p);
}
END_TEST

/* A changed table row moves the law-priced widths with it: int8 and int32 multiplier areas
 * doubled double the 8 x 16 multiply (the p2 coefficient doubles). */
START_TEST(table_rows_move_the_widths)
{
    cost_profile *p = load(getenv("EOQ_COST_TABLES"), "asic45");
    double v = width(p, COST_MULT, cost_width_mult(8, 16), COST_AREA);
    cost_profile_free(p);
    fx_make();
    fx_edit("asic45/ops.csv", "mult,int8,area,", "mult,int8,area,564,x");
    fx_edit("asic45/ops.csv", "mult,int32,area,", "mult,int32,area,6990,x");
    p = load(fx_dir, "asic45");
    ck_assert_double_eq_tol(width(p, COST_MULT, cost_width_mult(8, 16), COST_AREA), 2 * v, 1e-9 * v);
    cost_profile_free(p);
    fx_remove();
}
END_TEST

/* What cannot be priced is refused with the reason: a mixed multiply under a law with no
 * two-operand form, a metric without a law, ops without widths, widths out of range. */
START_TEST(unpriceable_widths_are_errors)
{
    cost_profile *p = load(getenv("EOQ_COST_TABLES"), "asic45");
    double v;
    /* int mult latency has table rows for every type but no law: an 8 x 16 latency is unknown */
    ck_assert_int_ne(cost_width_value(p, COST_MULT, cost_width_mult(8, 16), COST_LATENCY, &v, err, sizeof err), 0);
    ck_assert_msg(strstr(err, "gives no latency for mult at 8x16 bits (no type of that width, rule or law)"), "%s",
                  err);
    ck_assert_int_ne(cost_width_value(p, COST_DIV, cost_width_one(64), COST_AREA, &v, err, sizeof err), 0);
    ck_assert_msg(strstr(err, "div has no integer width form"), "%s", err);
    ck_assert_int_ne(cost_width_value(p, COST_ADD, cost_width_mult(8, 16), COST_AREA, &v, err, sizeof err), 0);
    ck_assert_msg(strstr(err, "add: widths 8, 16, accumulator 0 are not 1..128 bits"), "%s", err);
    ck_assert_int_ne(cost_width_value(p, COST_MAC, cost_width_mult(8, 16), COST_AREA, &v, err, sizeof err), 0);
    ck_assert_int_ne(cost_width_value(p, COST_ADD, cost_width_one(0), COST_AREA, &v, err, sizeof err), 0);
    cost_profile_free(p);

    /* a 1+p2+p law: its p term has no reading for an 8 x 16 array */
    fx_make();
    fx_edit("asic45/laws.csv", "mult,int,area,", "mult,int,area,1+p+p2,int8 int16 int32,0.15,x");
    fx_edit("asic45/ops.csv", "mult,int8,area,", "mult,int8,area,282,x\nmult,int16,area,900,x");
    p = load(fx_dir, "asic45");
    ck_assert_int_ne(cost_width_value(p, COST_MULT, cost_width_mult(8, 16), COST_AREA, &v, err, sizeof err), 0);
    ck_assert_msg(strstr(err, "has no form for a 8x16-bit multiply (only its 1 and p2 terms do)"), "%s", err);
    /* equal widths still take the law as it is */
    ck_assert_int_eq(cost_width_value(p, COST_MULT, cost_width_mult(64, 64), COST_AREA, &v, err, sizeof err), 0);
    cost_profile_free(p);
    fx_remove();
}
END_TEST

int main(void)
{
    Suite *s = suite_create("cost_width");
    TCase *t = tcase_create("width");
    tcase_add_test(t, type_widths_are_the_cells);
    tcase_add_test(t, mixed_multiply_by_the_p2_law);
    tcase_add_test(t, wide_add_compare_shift_by_law_and_rules);
    tcase_add_test(t, table_rows_move_the_widths);
    tcase_add_test(t, unpriceable_widths_are_errors);
    suite_add_tcase(s, t);
    return eoq_run_suite(s);
}
