#ifndef EOQ_TESTS_CHECK_MAIN_H
#define EOQ_TESTS_CHECK_MAIN_H
/* Runs one Check suite and turns its failures into the exit code ctest reads. */
#include <check.h>

static inline int eoq_run_suite(Suite *s)
{
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}

#endif
