// The DMA's request former and DRAM channel (docs/sim.md, "DRAM and DMA"): it walks the rows of
// a job's transfers in order, merges consecutive rows of one transfer whose byte ranges touch
// into one request, and keeps one request at a time on the channel. A request opens (req_open)
// in the cycle the channel is free and a request has begun forming, and closes (req_close, with
// its final address and byte count) once its last row is known; the DRAM model answers dram_done
// in the request's last cycle, L + ceil(bytes / B) cycles after it opened. Rows of a rectangle
// that are contiguous merge in one step; the strided element-wise rows go G at a time.
`include "eoq_accel_defs.vh"
`default_nettype none
module eoq_dma_former #(
    parameter integer G = 8
) (
    input  wire               clk,
    input  wire               rst,
    input  wire               start,       // the job's first cycle
    input  wire               active,      // a job is running (start included)
    /* verilator lint_off UNUSEDSIGNAL */
    input  wire [511:0]       cmd,
    input  wire [`TILE_W-1:0] t_ld,
    /* verilator lint_on UNUSEDSIGNAL */
    // the six slot descriptors (eoq_xfer_slot), slot s at [s*W +: W]
    input  wire [5:0]         s_en,
    input  wire [11:0]        s_pat,
    input  wire [11:0]        s_dtl,
    input  wire [191:0]       s_nseg,
    input  wire [239:0]       s_addr0,
    input  wire [239:0]       s_astep,
    input  wire [191:0]       s_m,
    input  wire               dram_done,   // the request on the channel ends this cycle
    output reg                req_open,
    output reg                req_close,
    output reg  [39:0]        req_close_addr,
    output reg  [39:0]        req_close_bytes,
    output reg                req_close_write,
    output reg                fin          // the job's last request ends this cycle (or it has none left)
);
    reg [2:0]  slot_r;
    reg [31:0] seg_r;
    reg [31:0] ri_r;
    reg [15:0] rn_r, rc_r, ry_r, rx_r;
    reg        open_r;
    reg [2:0]  cslot_r;
    reg [39:0] caddr_r, cbytes_r;
    reg [31:0] nstart_r, nopen_r;
    reg        busy_r;

    wire [2:0]  slot = start ? 3'd0 : slot_r;
    wire [31:0] seg = start ? 32'd0 : seg_r;
    wire [31:0] ri = start ? 32'd0 : ri_r;
    wire [15:0] rn = start ? t_ld[`T_EN] : rn_r;
    wire [15:0] rc = start ? t_ld[`T_EC] : rc_r;
    wire [15:0] ry = start ? t_ld[`T_EY] : ry_r;
    wire [15:0] rx = start ? t_ld[`T_EX] : rx_r;
    wire        open0 = start ? 1'b0 : open_r;
    wire [31:0] nstart0 = start ? 32'd0 : nstart_r;
    wire [31:0] nopen0 = start ? 32'd0 : nopen_r;
    wire        busy0 = start ? 1'b0 : busy_r;

    // the current slot: the first enabled one at or after `slot`
    reg [2:0] as;
    reg       has;
    reg       more_after;  // an enabled slot after `as`
    integer q;
    always @* begin
        has = 1'b0;
        as = 3'd0;
        more_after = 1'b0;
        for (q = 5; q >= 0; q = q - 1)
            if (s_en[q] && q[2:0] >= slot) begin
                as = q[2:0];
                has = 1'b1;
            end
        for (q = 0; q < 6; q = q + 1)
            if (s_en[q] && has && q[2:0] > as)
                more_after = 1'b1;
    end

    wire [1:0]  pat = s_pat[2*as +: 2];
    wire [1:0]  dtl = s_dtl[2*as +: 2];
    wire [31:0] nseg = s_nseg[32*as +: 32];
    wire [39:0] addr0 = s_addr0[40*as +: 40];
    wire [39:0] astep = s_astep[40*as +: 40];
    wire [31:0] sm = s_m[32*as +: 32];
    wire [39:0] sb = {8'd0, sm} << dtl;
    wire rect_contig = (nseg == 32'd1) || (astep == sb);

    // G steps of the row walk of an element-wise shortcut operand
    wire [G-1:0] rv, rl;
    wire [40*G-1:0] ra, rb;
    wire [31:0] ci [0:G];
    wire [15:0] cn [0:G], cc [0:G], cy [0:G], cx [0:G];
    assign ci[0] = ri;
    assign cn[0] = rn;
    assign cc[0] = rc;
    assign cy[0] = ry;
    assign cx[0] = rx;
    genvar g;
    generate
        for (g = 0; g < G; g = g + 1) begin : g_row
            wire [39:0] a_g, b_g;
            eoq_row_seg u_row (.pat(pat), .cmd(cmd), .m(t_ld[`T_M]), .i(ci[g]), .n(cn[g]), .c(cc[g]), .y(cy[g]),
                               .x0(cx[g]), .valid(rv[g]), .addr(a_g), .bytes(b_g), .i_n(ci[g + 1]),
                               .n_n(cn[g + 1]), .c_n(cc[g + 1]), .y_n(cy[g + 1]), .x0_n(cx[g + 1]),
                               .last(rl[g]));
            assign ra[40*g +: 40] = a_g;
            assign rb[40*g +: 40] = b_g;
        end
    endgenerate

    // one cycle of forming
    reg        open1, close_v, slot_done;
    reg [39:0] caddr1, cbytes1;
    reg [2:0]  cslot1;
    reg [31:0] nstart1, seg1;
    /* verilator lint_off UNUSEDSIGNAL */
    reg [31:0] steps;
    /* verilator lint_on UNUSEDSIGNAL */
    reg        stop;
    reg [39:0] run_a, run_b;
    integer k;
    always @* begin
        open1 = open0;
        caddr1 = start ? 40'd0 : caddr_r;
        cbytes1 = start ? 40'd0 : cbytes_r;
        cslot1 = start ? 3'd0 : cslot_r;
        nstart1 = nstart0;
        close_v = 1'b0;
        req_close_addr = 40'd0;
        req_close_bytes = 40'd0;
        req_close_write = 1'b0;
        slot_done = 1'b0;
        seg1 = seg;
        steps = 32'd0;
        stop = 1'b0;
        run_a = 40'd0;
        run_b = 40'd0;
        if (active && has) begin
            if (pat == 2'd0) begin
                run_a = addr0 + {8'd0, seg} * astep;
                run_b = rect_contig ? {8'd0, nseg - seg} * sb : sb;
                slot_done = rect_contig || (seg + 32'd1 >= nseg);
                seg1 = seg + 32'd1;
                // A rectangle's rows touch only when astep == sb, and then rect_contig makes the
                // whole rectangle one run: so every run starts a request (mutation testing found
                // the merge this block used to have unreachable, docs/rtl.md).
                if (run_b != 40'd0) begin
                    if (open1) begin
                        close_v = 1'b1;
                        req_close_addr = caddr1;
                        req_close_bytes = cbytes1;
                        req_close_write = cslot1 < 3'd2;
                    end
                    open1 = 1'b1;
                    caddr1 = run_a;
                    cbytes1 = run_b;
                    cslot1 = as;
                    nstart1 = nstart1 + 32'd1;
                end
            end else begin
                for (k = 0; k < G; k = k + 1)
                    if (!stop) begin
                        steps = k + 1;
                        if (rv[k]) begin
                            if (open1 && cslot1 == as && ra[40*k +: 40] == caddr1 + cbytes1)
                                cbytes1 = cbytes1 + rb[40*k +: 40];
                            else begin
                                if (open1) begin
                                    close_v = 1'b1;
                                    req_close_addr = caddr1;
                                    req_close_bytes = cbytes1;
                                    req_close_write = cslot1 < 3'd2;
                                    stop = 1'b1;
                                end
                                open1 = 1'b1;
                                caddr1 = ra[40*k +: 40];
                                cbytes1 = rb[40*k +: 40];
                                cslot1 = as;
                                nstart1 = nstart1 + 32'd1;
                            end
                        end
                        if (rl[k]) begin
                            slot_done = 1'b1;
                            stop = 1'b1;
                        end
                    end
            end
        end
        // the walk is over: the open request is complete
        if (active && open1 && !close_v && (!has || (slot_done && !more_after))) begin
            close_v = 1'b1;
            req_close_addr = caddr1;
            req_close_bytes = cbytes1;
            req_close_write = cslot1 < 3'd2;
            open1 = 1'b0;
        end
        req_close = close_v;
    end

    // the channel: one request at a time
    wire walk_over = !has || (slot_done && !more_after);
    wire avail = nstart1 > nopen0;
    wire open_now = active && !busy0 && avail;
    wire inflight = busy0 || open_now;
    wire busy1 = inflight && !dram_done;
    wire [31:0] nopen1 = nopen0 + {31'd0, open_now};
    always @* begin
        req_open = open_now;
        fin = !active || (walk_over && !open1 && nopen1 == nstart1 && !busy1);
    end

`ifdef EOQ_RTL_DEBUG
    always @(posedge clk) begin
        if (req_open) $display("   open  (nstart %0d nopen %0d)", nstart1, nopen0);
        if (req_close) $display("   close addr %0d bytes %0d", req_close_addr, req_close_bytes);
        if (active && has) $display("   former slot %0d pat %0d seg %0d", as, pat, seg);
    end
`endif
    always @(posedge clk) begin
        if (rst || (active && fin)) begin
            slot_r <= 3'd0; seg_r <= 32'd0; ri_r <= 32'd0;
            rn_r <= 16'd0; rc_r <= 16'd0; ry_r <= 16'd0; rx_r <= 16'd0;
            open_r <= 1'b0; cslot_r <= 3'd0; caddr_r <= 40'd0; cbytes_r <= 40'd0;
            nstart_r <= 32'd0; nopen_r <= 32'd0; busy_r <= 1'b0;
        end else if (active) begin
            open_r <= open1;
            cslot_r <= cslot1;
            caddr_r <= caddr1;
            cbytes_r <= cbytes1;
            nstart_r <= nstart1;
            nopen_r <= nopen1;
            busy_r <= busy1;
            if (has) begin
                if (slot_done) begin
                    slot_r <= as + 3'd1;
                    seg_r <= 32'd0;
                end else begin
                    slot_r <= as;
                    seg_r <= seg1;
                end
                if (pat != 2'd0) begin
                    ri_r <= ci[steps];
                    rn_r <= cn[steps];
                    rc_r <= cc[steps];
                    ry_r <= cy[steps];
                    rx_r <= cx[steps];
                end else begin
                    ri_r <= ri; rn_r <= rn; rc_r <= rc; ry_r <= ry; rx_r <= rx;
                end
            end else
                slot_r <= 3'd6;
        end
    end
endmodule
`default_nettype wire
