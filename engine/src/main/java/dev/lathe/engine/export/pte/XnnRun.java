package dev.lathe.engine.export.pte;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The XNNPACK subgraph being built for one run of claimed nodes: ONNX names map to values in it. Values the run reads
 * from the portable program become external inputs; at {@link #close} the values later nodes read become external
 * outputs, fp32 and NCHW as the portable kernels expect them, and the run becomes one delegate call.
 */
final class XnnRun {
    static final int TRANSPOSE = 5;
    static final int CONVERT = 18;
    static final int COPY = 46;

    private final XnnGraph graph = new XnnGraph();
    private final LoweringContext ctx;
    private final Map<String, XnnRep> reps = new LinkedHashMap<>();
    private final List<Integer> inputValues = new ArrayList<>();
    private final List<Integer> inputIds = new ArrayList<>();
    private final Map<String, XnnRep> derived = new HashMap<>();

    XnnRun(LoweringContext ctx) {
        this.ctx = ctx;
    }

    XnnGraph graph() {
        return graph;
    }

    /** Input {@code i} of the current node: a value of this run, an external input, or a constant baked in. */
    XnnRep input(int i) throws PteExportException {
        String name = ctx.inputName(i);
        XnnRep rep = reps.get(name);
        if (rep != null) {
            return rep;
        }
        java.util.Optional<OnnxConstant> constant = ctx.constantNamed(name);
        if (constant.isPresent() && constant.get().isFloat()) {
            OnnxConstant c = constant.get();
            rep = new XnnRep(graph.constant(XnnGraph.Datatype.FP32, c.shape(), null, OnnxConstant.bytes(c.floats())),
                    c.shape(), false, null);
        } else {
            int value = ctx.lowered(name).orElseThrow(() -> ctx.fail("reads '" + name
                    + "', which no earlier node produces"));
            long[] shape = ctx.shape(i);
            rep = new XnnRep(graph.value(XnnGraph.Datatype.FP32, shape, null), shape, false, null);
            inputValues.add(value);
            inputIds.add(rep.id());
        }
        reps.put(name, rep);
        return rep;
    }

    boolean isConstant(int i) {
        return ctx.input(i).filter(n -> !reps.containsKey(n)).flatMap(ctx::constantNamed)
                .filter(OnnxConstant::isFloat).isPresent();
    }

    /** A new value of this run; define it with {@link #define} once a node writes it. */
    XnnRep newValue(long[] shape, boolean nhwc, XnnGraph.PerTensor quant) {
        long[] dims = nhwc ? XnnRep.permute(shape, XnnRep.TO_NHWC) : shape;
        int id = graph.value(quant == null ? XnnGraph.Datatype.FP32 : XnnGraph.Datatype.QINT8, dims, quant);
        return new XnnRep(id, shape.clone(), nhwc, quant);
    }

    void define(String name, XnnRep rep) {
        reps.put(name, rep);
        ctx.defineShape(name, rep.shape());
    }

    /** The value as fp32, converting an int8 value once. */
    XnnRep fp32(XnnRep rep) {
        if (!rep.quantized()) {
            return rep;
        }
        return derived.computeIfAbsent("fp32:" + rep.id(), k -> {
            XnnRep out = newValue(rep.shape(), rep.nhwc(), null);
            graph.node(CONVERT, rep.id(), out.id(), 0);
            return out;
        });
    }

    /** The value as int8 with {@code quant}, converting it once (an int8 value of other parameters goes via fp32). */
    XnnRep quantized(XnnRep rep, XnnGraph.PerTensor quant) {
        if (Objects.equals(rep.quant(), quant)) {
            return rep;
        }
        XnnRep source = fp32(rep);
        return derived.computeIfAbsent("q" + quant + ":" + source.id(), k -> {
            XnnRep out = newValue(rep.shape(), rep.nhwc(), quant);
            graph.node(CONVERT, source.id(), out.id(), 0);
            return out;
        });
    }

    /** The value stored channels-last (nhwc) or as ONNX lays it out, transposing once. */
    XnnRep layout(XnnRep rep, boolean nhwc) {
        if (rep.nhwc() == nhwc || rep.shape().length != 4) {
            return rep;
        }
        return derived.computeIfAbsent((nhwc ? "nhwc:" : "nchw:") + rep.id(), k -> {
            XnnRep out = newValue(rep.shape(), nhwc, rep.quant());
            long[] perm = nhwc ? XnnRep.TO_NHWC : XnnRep.TO_NCHW;
            graph.node(TRANSPOSE, 4, perm, rep.id(), out.id(), 0);
            return out;
        });
    }

    /**
     * Ends the run: each name in {@code needed} (read after the run) gets an fp32 NCHW external output and a planned
     * activation; returns false when the run has nothing to hand back (no delegate call is written).
     */
    boolean close(List<String> needed, ProgramBuilder program, String backend) {
        Map<Integer, Integer> outputs = new LinkedHashMap<>();
        for (String name : needed) {
            XnnRep rep = layout(fp32(reps.get(name)), false);
            int id = rep.id();
            if (inputIds.contains(id)) {
                XnnRep copy = newValue(rep.shape(), false, null);
                graph.node(COPY, id, copy.id(), 0);
                id = copy.id();
            }
            Integer value = outputs.get(id);
            if (value == null) {
                value = program.activation(ScalarType.FLOAT, Shapes.list(rep.shape()));
                outputs.put(id, value);
            }
            ctx.define(name, value, rep.shape());
        }
        if (outputs.isEmpty()) {
            return false;
        }
        List<Integer> args = new ArrayList<>(inputValues);
        for (int i = 0; i < inputIds.size(); i++) {
            graph.markExternal(inputIds.get(i), i, XnnGraph.EXTERNAL_INPUT);
        }
        int external = inputIds.size();
        for (Map.Entry<Integer, Integer> e : outputs.entrySet()) {
            graph.markExternal(e.getKey(), external++, XnnGraph.EXTERNAL_OUTPUT);
            args.add(e.getValue());
        }
        List<NamedData> named = new ArrayList<>();
        graph.constants().forEach(c -> named.add(new NamedData(c.key(), c.data())));
        program.delegate(backend, XnnWriter.write(graph, inputIds.size(), outputs.size()), args, named);
        return true;
    }

    /** Names this run defined, in order. */
    List<String> names() {
        return List.copyOf(reps.keySet());
    }

    boolean defines(String name) {
        return reps.containsKey(name) && !isExternal(reps.get(name));
    }

    private boolean isExternal(XnnRep rep) {
        return inputIds.contains(rep.id()) || graph.get(rep.id()).constant() != 0;
    }
}
