package dev.lathe.engine.export.pte;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Collects a method's values and kernel calls, tracks when each activation is first written and last read, and
 * at {@link #finish} plans the arena and returns the program with every activation placed.
 */
public final class ProgramBuilder {
    private final List<EValue> values = new ArrayList<>();
    private final Map<OperatorName, Integer> operators = new LinkedHashMap<>();
    private final List<Instruction> calls = new ArrayList<>();
    private final List<BackendDelegate> delegates = new ArrayList<>();
    private final Map<String, NamedData> namedData = new LinkedHashMap<>();
    private final List<ConstantData> constants = new ArrayList<>();
    private final Map<Integer, int[]> lives = new LinkedHashMap<>();
    private final Map<String, Integer> operatorCounts = new LinkedHashMap<>();

    public int constant(ScalarType type, List<Long> sizes, byte[] data) {
        return constant(type, sizes, ConstantData.of(data));
    }

    /** A constant whose bytes are copied into the file only when it is written. */
    public int constant(ScalarType type, List<Long> sizes, ConstantData data) {
        constants.add(data);
        return add(new EValue.Tensor(type, sizes, constants.size(), Optional.empty()));
    }

    /** A tensor in the planned arena, born at the next instruction. */
    public int activation(ScalarType type, List<Long> sizes) {
        int index = add(new EValue.Tensor(type, sizes, 0, Optional.empty()));
        lives.put(index, new int[] {calls.size(), calls.size()});
        return index;
    }

    public EValue.Tensor tensor(int index) {
        return (EValue.Tensor) values.get(index);
    }

    public int add(EValue value) {
        values.add(value);
        return values.size() - 1;
    }

    public int integer(long v) {
        return add(new EValue.Int(v));
    }

    public int real(double v) {
        return add(new EValue.Double(v));
    }

    public int bool(boolean v) {
        return add(new EValue.Bool(v));
    }

    public int none() {
        return add(new EValue.Null());
    }

    /** An int list; the runtime reads its items as indices of Int values, so each item gets one. */
    public int ints(List<Long> items) {
        List<Long> indices = new ArrayList<>();
        for (long item : items) {
            indices.add((long) integer(item));
        }
        return add(new EValue.IntList(indices));
    }

    /** A kernel's tuple return: one value in the call's arguments, a list of the out tensors it returns. */
    public int returned(int... outs) {
        return add(new EValue.TensorList(java.util.Arrays.stream(outs).boxed().toList()));
    }

    /** A Scalar argument: an Int when the value is integral, as ExecuTorch's exporter writes it, else a Double. */
    public int scalar(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? integer((long) v) : real(v);
    }

    /**
     * Appends {@code op.overload(args)}; {@code args} lists every schema argument, then the return: the out tensor
     * again, or for a tuple return one {@link #returned} list.
     */
    public void call(String op, String overload, int... args) {
        OperatorName name = new OperatorName(op, overload);
        int index = operators.computeIfAbsent(name, n -> operators.size());
        operatorCounts.merge(name.fullName(), 1, Integer::sum);
        List<Integer> list = new ArrayList<>();
        for (int a : args) {
            list.add(a);
            touch(a);
            if (values.get(a) instanceof EValue.TensorList l) {
                l.items().forEach(this::touch);
            }
        }
        calls.add(new KernelCall(index, list));
    }

    /**
     * Appends a call into a new delegate {@code backend} running {@code payload} on inputs, then outputs; the
     * delegate finds {@code named} by key in the program's named data (a key already there is stored once).
     */
    public void delegate(String backend, byte[] payload, List<Integer> args, List<NamedData> named) {
        delegates.add(new BackendDelegate(backend, payload));
        named.forEach(n -> namedData.putIfAbsent(n.key(), n));
        operatorCounts.merge("delegate:" + backend, 1, Integer::sum);
        args.forEach(this::touch);
        calls.add(new DelegateCall(delegates.size() - 1, args));
    }

    private void touch(int value) {
        int[] life = lives.get(value);
        if (life != null) {
            life[1] = calls.size();
        }
    }

    public Map<String, Integer> operatorCounts() {
        return Map.copyOf(operatorCounts);
    }

    /** Plans memory (inputs live from the start, outputs to the end) and returns the finished program. */
    public Planned finish(String method, List<Integer> inputs, List<Integer> outputs) {
        int end = Math.max(calls.size() - 1, 0);
        List<Lifetime> tensors = new ArrayList<>();
        for (Map.Entry<Integer, int[]> e : lives.entrySet()) {
            int first = inputs.contains(e.getKey()) ? 0 : e.getValue()[0];
            int last = outputs.contains(e.getKey()) ? end : e.getValue()[1];
            tensors.add(new Lifetime(e.getKey(), tensor(e.getKey()).bytes(), Math.min(first, end),
                    Math.max(Math.min(last, end), Math.min(first, end))));
        }
        MemoryPlan plan = MemoryPlanner.plan(tensors);
        List<EValue> placed = new ArrayList<>(values);
        Map<Integer, Long> offsets = new HashMap<>(plan.offsets());
        offsets.forEach((index, offset) -> placed.set(index, tensor(index).placed(new EValue.Allocation(1, offset))));
        PteProgram program = new PteProgram(method, placed, inputs, outputs, List.copyOf(operators.keySet()), calls,
                List.of(0L, plan.arenaBytes()), constants, delegates,
                List.copyOf(namedData.values()));
        return new Planned(program, plan, operatorCounts());
    }

    /** The program and the figures of its plan. */
    public record Planned(PteProgram program, MemoryPlan plan, Map<String, Integer> operatorCounts) {
    }
}
