package dev.lathe.engine.export.pte;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/** Gemm and MatMul onto {@code aten::addmm}, {@code aten::mm} and {@code aten::bmm}. */
final class LinearLowerings {
    private LinearLowerings() {
    }

    static void register(Map<String, NodeLowering> ops) {
        ops.put("Gemm", LinearLowerings::gemm);
        ops.put("MatMul", LinearLowerings::matMul);
    }

    private static void gemm(LoweringContext ctx) throws PteExportException {
        Attributes a = ctx.attributes();
        ProgramBuilder p = ctx.program();
        int left = matrix(ctx, 0, a.integer("transA", 0) != 0);
        int right = matrix(ctx, 1, a.integer("transB", 0) != 0);
        long m = p.tensor(left).sizes().get(0);
        long n = p.tensor(right).sizes().get(1);
        long[] out = {m, n};
        double alpha = a.real("alpha", 1f);
        double beta = a.real("beta", 1f);
        if (ctx.input(2).isPresent()) {
            int bias = ctx.tensor(2);
            int betaValue = p.scalar(beta);
            int alphaValue = p.scalar(alpha);
            int result = ctx.output(0, out);
            p.call("aten::addmm", "out", bias, left, right, betaValue, alphaValue, result, result);
        } else if (alpha == 1) {
            int result = ctx.output(0, out);
            p.call("aten::mm", "out", left, right, result, result);
        } else {
            int product = ctx.scratch(ScalarType.FLOAT, out);
            p.call("aten::mm", "out", left, right, product, product);
            int result = ctx.output(0, out);
            p.call("aten::mul", "Scalar_out", product, p.scalar(alpha), result, result);
        }
    }

    /** Gemm's operand {@code i} as a row-major matrix: a constant is transposed now, an activation by a kernel. */
    private static int matrix(LoweringContext ctx, int i, boolean transpose) throws PteExportException {
        long[] shape = ctx.shape(i);
        if (shape.length != 2) {
            throw ctx.fail("has a " + shape.length + "-D input " + i + "; Gemm takes matrices");
        }
        if (!transpose) {
            return ctx.tensor(i);
        }
        Optional<OnnxConstant> constant = ctx.constant(i).filter(c -> c.isFloat() || c.isHalf());
        long rows = shape[0];
        long cols = shape[1];
        if (constant.isPresent() && constant.get().isHalf()) {
            ByteBuffer v = constant.get().stored().bytes().order(ByteOrder.LITTLE_ENDIAN);
            return ctx.program().constant(ScalarType.HALF, Shapes.list(new long[] {cols, rows}),
                    ConstantData.computed(rows * cols * 2, out -> {
                        for (int c = 0; c < cols; c++) {
                            for (int r = 0; r < rows; r++) {
                                out.putShort(v.getShort((int) (r * cols + c) * 2));
                            }
                        }
                    }));
        }
        if (constant.isPresent()) {
            OnnxConstant matrix = constant.get();
            // Transposed as the file is written, one matrix at a time: the export holds no transposed copies.
            return ctx.program().constant(ScalarType.FLOAT, Shapes.list(new long[] {cols, rows}),
                    ConstantData.computed(rows * cols * 4, out -> {
                        float[] v = matrix.floats();
                        for (int c = 0; c < cols; c++) {
                            for (int r = 0; r < rows; r++) {
                                out.putFloat(v[(int) (r * cols + c)]);
                            }
                        }
                    }));
        }
        int x = ctx.tensor(i);
        int result = ctx.scratch(ScalarType.FLOAT, new long[] {cols, rows});
        ctx.program().call("aten::permute_copy", "out", x, ctx.ints(1, 0), result, result);
        return result;
    }

    private static void matMul(LoweringContext ctx) throws PteExportException {
        long[] a = ctx.shape(0);
        long[] b = ctx.shape(1);
        ProgramBuilder p = ctx.program();
        if (a.length == 2 && b.length == 2) {
            int left = ctx.tensor(0);
            int right = ctx.tensor(1);
            int result = ctx.output(0, new long[] {a[0], b[1]});
            p.call("aten::mm", "out", left, right, result, result);
        } else if (a.length == 3 && b.length == 3 && a[0] == b[0]) {
            int left = ctx.tensor(0);
            int right = ctx.tensor(1);
            int result = ctx.output(0, new long[] {a[0], a[1], b[2]});
            p.call("aten::bmm", "out", left, right, result, result);
        } else if (a.length > 3 && b.length == a.length
                && Arrays.equals(Arrays.copyOf(a, a.length - 2), Arrays.copyOf(b, b.length - 2))) {
            batched(ctx, a, b);
        } else if (a.length > 2 && b.length == 2) {
            long rows = Shapes.elements(a) / a[a.length - 1];
            int flat = ctx.scratch(ScalarType.FLOAT, new long[] {rows, a[a.length - 1]});
            int left = ctx.tensor(0);
            p.call("aten::view_copy", "out", left, ctx.ints(rows, a[a.length - 1]), flat, flat);
            int right = ctx.tensor(1);
            int product = ctx.scratch(ScalarType.FLOAT, new long[] {rows, b[1]});
            p.call("aten::mm", "out", flat, right, product, product);
            long[] out = Arrays.copyOf(a, a.length);
            out[out.length - 1] = b[1];
            int result = ctx.output(0, out);
            p.call("aten::view_copy", "out", product, ctx.ints(out), result, result);
        } else {
            throw ctx.fail("multiplies " + Shapes.text(a) + " by " + Shapes.text(b)
                    + "; exported are 2-D×2-D, batched N-D×N-D with equal batch dimensions and N-D×2-D");
        }
    }

    /** Attention's [B, heads, n, d]×[B, heads, d, m]: the batch dimensions flattened for bmm, then restored. */
    private static void batched(LoweringContext ctx, long[] a, long[] b) throws PteExportException {
        ProgramBuilder p = ctx.program();
        int rank = a.length;
        long batch = Shapes.elements(Arrays.copyOf(a, rank - 2));
        long[] left3 = {batch, a[rank - 2], a[rank - 1]};
        long[] right3 = {batch, b[rank - 2], b[rank - 1]};
        int left = ctx.scratch(ScalarType.FLOAT, left3);
        p.call("aten::view_copy", "out", ctx.tensor(0), ctx.ints(left3), left, left);
        int right = ctx.scratch(ScalarType.FLOAT, right3);
        p.call("aten::view_copy", "out", ctx.tensor(1), ctx.ints(right3), right, right);
        int product = ctx.scratch(ScalarType.FLOAT, new long[] {batch, a[rank - 2], b[rank - 1]});
        p.call("aten::bmm", "out", left, right, product, product);
        long[] out = Arrays.copyOf(a, rank);
        out[rank - 1] = b[rank - 1];
        int result = ctx.output(0, out);
        p.call("aten::view_copy", "out", product, ctx.ints(out), result, result);
    }
}
