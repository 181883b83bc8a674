package dev.lathe.engine.export.pte;

import java.util.Optional;

/**
 * ONNX Resize in nearest mode over the two spatial axes of NCHW, onto {@code aten::upsample_nearest2d.vec}. The
 * kernel picks source index {@code floor(dst × in/out)}; ONNX's coordinate and rounding modes pick their own. Both
 * are computed at export for every output row and column, and the node is lowered only when they agree, so what runs
 * is what the model says (they agree for the integer upscales that FPN-style detectors use, in every common mode).
 */
final class ResizeLowering {
    private ResizeLowering() {
    }

    static void lower(LoweringContext ctx) throws PteExportException {
        Attributes a = ctx.attributes();
        String mode = a.text("mode", "nearest");
        if (!mode.equals("nearest")) {
            throw ctx.fail("resizes in mode '" + mode + "'; only nearest is exported");
        }
        if (a.has("axes") || !a.text("keep_aspect_ratio_policy", "stretch").equals("stretch")) {
            throw ctx.fail("uses axes or keep_aspect_ratio_policy; export it with scales or sizes for every axis");
        }
        String coordinates = a.text("coordinate_transformation_mode", ctx.opset() < 11 ? "asymmetric" : "half_pixel");
        String rounding = a.text("nearest_mode", ctx.opset() < 11 ? "floor" : "round_prefer_floor");
        if (onnxSource(coordinates, rounding, 0, 1, 1, 1) < 0) {
            throw ctx.fail("uses coordinate_transformation_mode " + coordinates + "; exported are half_pixel, "
                    + "pytorch_half_pixel, align_corners, asymmetric and tf_half_pixel_for_nn");
        }
        long[] x = ctx.shape(0);
        if (x.length != 4) {
            throw ctx.fail("resizes a " + x.length + "-D tensor; only NCHW images are exported");
        }
        double[] scales = new double[4];
        long[] out = outputShape(ctx, x, scales);
        if (out[0] != x[0] || out[1] != x[1]) {
            throw ctx.fail("resizes the batch or channel axis; only height and width are exported");
        }
        for (int axis = 2; axis < 4; axis++) {
            for (long dst = 0; dst < out[axis]; dst++) {
                long onnx = onnxSource(coordinates, rounding, dst, x[axis], out[axis], scales[axis]);
                long kernel = kernelSource(dst, x[axis], out[axis]);
                if (onnx != kernel) {
                    throw ctx.fail("maps output " + dst + " of axis " + axis + " to input " + onnx
                            + " (coordinate_transformation_mode " + coordinates + ", nearest_mode " + rounding
                            + ", " + x[axis] + " to " + out[axis] + "), where upsample_nearest2d takes " + kernel
                            + "; export it with an integer upscale or asymmetric/floor");
                }
            }
        }
        ProgramBuilder p = ctx.program();
        int input = ctx.tensor(0);
        int size = ctx.ints(out[2], out[3]);
        int scaleFactors = p.none();
        int result = ctx.output(0, out);
        p.call("aten::upsample_nearest2d", "vec_out", input, size, scaleFactors, result, result);
    }

    /** From the sizes input when it is given, else from the scales (opset 10: input 1; later: input 2). */
    private static long[] outputShape(LoweringContext ctx, long[] x, double[] scales) throws PteExportException {
        int scalesInput = ctx.opset() < 11 ? 1 : 2;
        Optional<OnnxConstant> sizes = ctx.opset() < 11 ? Optional.empty() : given(ctx, 3, "sizes");
        long[] out = new long[x.length];
        if (sizes.isPresent()) {
            long[] s = sizes.get().asLongs();
            for (int i = 0; i < x.length; i++) {
                out[i] = s[i];
                scales[i] = (double) s[i] / x[i];
            }
            return out;
        }
        OnnxConstant given = given(ctx, scalesInput, "scales")
                .orElseThrow(() -> ctx.fail("gives neither scales nor sizes"));
        float[] f = given.isFloat() ? given.floats() : null;
        if (f == null || f.length != x.length) {
            throw ctx.fail("has scales that are not " + x.length + " floats");
        }
        for (int i = 0; i < x.length; i++) {
            scales[i] = f[i];
            out[i] = (long) Math.floor(x[i] * (double) f[i]);
        }
        return out;
    }

    /** A constant input with values; paddle2onnx writes empty tensors for the ones it does not use. */
    private static Optional<OnnxConstant> given(LoweringContext ctx, int i, String what) throws PteExportException {
        if (ctx.input(i).isEmpty()) {
            return Optional.empty();
        }
        OnnxConstant c = ctx.requireConstant(i, what);
        return Shapes.elements(c.shape()) == 0 ? Optional.empty() : Optional.of(c);
    }

    /** The input index ONNX's Resize reads for output {@code dst} (onnx.ai/onnx/operators/onnx__Resize.html). */
    static long onnxSource(String coordinates, String rounding, long dst, long in, long out, double scale) {
        double original = switch (coordinates) {
            case "half_pixel" -> (dst + 0.5) / scale - 0.5;
            case "pytorch_half_pixel" -> out > 1 ? (dst + 0.5) / scale - 0.5 : 0;
            case "align_corners" -> out == 1 ? 0 : dst * (in - 1) / (double) (out - 1);
            case "asymmetric" -> dst / scale;
            case "tf_half_pixel_for_nn" -> (dst + 0.5) / scale;
            default -> Double.NaN;
        };
        if (Double.isNaN(original)) {
            return -1;
        }
        double fraction = original - Math.floor(original);
        long index = switch (rounding) {
            case "floor" -> (long) Math.floor(original);
            case "ceil" -> (long) Math.ceil(original);
            case "round_prefer_ceil" -> fraction == 0.5 ? (long) Math.ceil(original) : Math.round(original);
            default -> fraction == 0.5 ? (long) Math.floor(original) : Math.round(original);
        };
        return Math.max(0, Math.min(in - 1, index));
    }

    /** ExecuTorch's {@code nearest_idx}: float arithmetic, as the kernel does it. */
    static long kernelSource(long dst, long in, long out) {
        if (out == in) {
            return dst;
        }
        if (out == 2 * in) {
            return dst >> 1;
        }
        float scale = (float) in / out;
        return Math.min((long) Math.floor((float) dst * scale), in - 1);
    }
}
