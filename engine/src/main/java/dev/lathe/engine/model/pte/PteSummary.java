package dev.lathe.engine.model.pte;

import java.util.List;
import java.util.Map;

/**
 * What a {@code .pte} holds, read from the file alone: the schema identifier, its methods, delegates and segments.
 * {@code constantBytes} counts the constant segment, or the deprecated inline constant buffers of older files.
 */
public record PteSummary(String fileName, long fileBytes, String identifier, boolean extendedHeader,
        List<Method> methods, long constantBytes, List<Segment> segments) {
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

    /** One method; {@code operators} counts kernel calls by full name ({@code aten::addmm.out}). */
    public record Method(String name, List<TensorDesc> inputs, List<TensorDesc> outputs,
            Map<String, Integer> operators, List<Delegate> delegates, long plannedBytes, int instructions) {
        public Method {
            inputs = List.copyOf(inputs);
            outputs = List.copyOf(outputs);
            operators = Map.copyOf(operators);
            delegates = List.copyOf(delegates);
        }
    }

    public record Segment(long offset, long bytes) {
    }
}
