package dev.lathe.engine.runtime.executorch;

import dev.lathe.engine.model.Dim;
import dev.lathe.engine.model.ElementType;
import dev.lathe.engine.model.TensorInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the runner says of the program it loaded: the ExecuTorch version it was built against, the method it runs,
 * how long loading took there, and each input's and output's element type and shape. ExecuTorch programs name no
 * tensors, so they are called {@code input_0}, {@code output_0} and so on.
 */
record ProgramDescription(String version, String method, double loadMillis, List<TensorInfo> inputs,
                          List<TensorInfo> outputs) {

    /** Parses the runner's lines: "executorch 1.4.1", "method forward", "load_ms 2.5", "input float32 1,1,28,28". */
    static ProgramDescription parse(String text) {
        String version = "";
        String method = "";
        double loadMillis = 0;
        List<TensorInfo> inputs = new ArrayList<>();
        List<TensorInfo> outputs = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] f = line.strip().split(" ", 3);
            switch (f[0]) {
                case "executorch" -> version = f[1];
                case "method" -> method = f[1];
                case "load_ms" -> loadMillis = Double.parseDouble(f[1]);
                case "input" -> inputs.add(tensor("input_" + inputs.size(), f));
                case "output" -> outputs.add(tensor("output_" + outputs.size(), f));
                default -> { }
            }
        }
        return new ProgramDescription(version, method, loadMillis, inputs, outputs);
    }

    private static TensorInfo tensor(String name, String[] fields) {
        ElementType type = ElementTypes.of(fields[1]);
        List<Dim> shape = fields.length < 3 || fields[2].isBlank() ? List.of() : Arrays.stream(fields[2].split(","))
                .map(d -> Dim.fixed(Long.parseLong(d))).toList();
        return new TensorInfo(name, type, shape);
    }
}
