package dev.lathe.engine.model.pte;

import java.util.List;
import java.util.Map;

/**
 * What a {@code .pte} holds, read from the file alone: the schema identifier, its methods, delegates and segments.
 * {@code constantBytes} counts the constant segment, or the deprecated inline constant buffers of older files;
 * {@code namedDataBytes} the segments of named data, where delegates keep their weights (Lathe's and ExecuTorch's
 * XNNPACK serializers do). {@code parameters} counts the elements of the constant tensors the program's own kernels
 * read: a delegate's weights are inside its payload or named data, which only its backend can parse.
 */
public record PteSummary(String fileName, long fileBytes, String identifier, boolean extendedHeader,
        List<Method> methods, long parameters, long constantBytes, long namedDataBytes, List<Segment> segments) {
    public PteSummary {
        methods = List.copyOf(methods);
        segments = List.copyOf(segments);
    }

    /** A tensor at a method's boundary; {@code dtype} as ExecuTorch names it (FLOAT, CHAR…). */
    public record TensorDesc(String dtype, List<Long> shape) {
        public TensorDesc {
            shape = List.copyOf(shape);
        }

        public String describe() {
            return dtype.toLowerCase(java.util.Locale.ROOT) + " " + shape;
        }
    }

    /** A delegate blob: its backend id ({@code XnnpackBackend}, {@code QnnBackend}…) and its size. */
    public record Delegate(String backend, long bytes) {
    }

    /**
     * One method; {@code operators} counts kernel calls by full name ({@code aten::addmm.out}) and delegate calls as
     * {@code delegate:BACKEND}; {@code arenas} are the sizes of the memory planned for it, {@code plannedBytes} their
     * sum; {@code calls} its kernel and delegate calls in order.
     */
    public record Method(String name, List<TensorDesc> inputs, List<TensorDesc> outputs,
            Map<String, Integer> operators, List<Delegate> delegates, long plannedBytes, List<Long> arenas,
            int instructions, List<Call> calls) {
        public Method {
            inputs = List.copyOf(inputs);
            outputs = List.copyOf(outputs);
            operators = Map.copyOf(operators);
            delegates = List.copyOf(delegates);
            arenas = List.copyOf(arenas);
            calls = List.copyOf(calls);
        }
    }

    /**
     * A kernel call ({@code op} its full name) with the constant tensors among its arguments, each counted for the
     * first call that reads it; or a delegate call ({@code delegate:BACKEND}) with its payload's bytes.
     */
    public record Call(String op, long parameters, long bytes) {
    }

    public record Segment(long offset, long bytes) {
    }

    /** The method a caller runs when it names none: {@code forward} where there is one, else the first. */
    public java.util.Optional<Method> mainMethod() {
        return methods.stream().filter(m -> m.name().equals("forward")).findFirst()
                .or(() -> methods.stream().findFirst());
    }
}
