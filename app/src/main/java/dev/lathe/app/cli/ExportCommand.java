package dev.lathe.app.cli;

import dev.lathe.app.LazyContext;
import dev.lathe.engine.task.LatheException;
import dev.lathe.engine.export.VariantExporter;
import dev.lathe.engine.export.pte.PteDelegate;
import dev.lathe.engine.export.pte.PteFileExporter;
import dev.lathe.engine.export.pte.PteProvenance;
import dev.lathe.engine.export.torchscript.TorchScriptFileExporter;
import dev.lathe.engine.model.ModelFormat;
import dev.lathe.engine.store.ModelRecord;
import dev.lathe.engine.files.ExistingFileException;
import dev.lathe.engine.files.Overwrite;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write any model the store knows with its provenance (<name>.provenance.json; a model Lathe did "
                + "not make gets one that says so) and a Markdown model card (<name>.model-card.md); or, with --format "
                + "pte, any ONNX model as an ExecuTorch program (<name>.pte: XNNPACK runs what it takes, fp32 or QDQ "
                + "int8, the rest portable kernels) with <name>.pte.provenance.json and <name>.pte.model-card.md; or, with "
                + "--format torchscript, any ONNX model as a TorchScript archive (<name>.pt, for torch.jit.load) with "
                + "<name>.pt.provenance.json and <name>.pt.model-card.md.")
final class ExportCommand implements Callable<Integer> {
    private final LazyContext context;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL",
            description = "A model file: a variant made by 'lathe optimize' or any other.")
    Path variant;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "onnx",
            description = "onnx (the model as it is, default), pte (ExecuTorch) or torchscript (a .pt written from an "
                    + "ONNX model's graph; a TorchScript model as it is).")
    String format;

    @Option(names = "--input-shape", paramLabel = "SHAPE", converter = InputShape.Converter.class,
            description = "For pte: the first input's full shape, fixing its dynamic dimensions (e.g. 1x1x28x28); "
                    + "without it, the shape remembered for the model, else 1 for each dynamic dimension.")
    InputShape inputShape;

    @Option(names = "--delegate", paramLabel = "BACKEND", defaultValue = "xnnpack",
            description = "For pte: xnnpack (default; runs of supported nodes become XNNPACK delegate calls) or none "
                    + "(portable kernels only).")
    String delegate;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder to write into.")
    Path out;

    @Option(names = "--force", description = "Replace files of the same name in DIR (otherwise refused, and nothing is written).")
    boolean force;

    ExportCommand(LazyContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        if (format.equals("pte")) {
            return exportPte();
        }
        if (!format.equals("onnx") && !format.equals("torchscript")) {
            throw new LatheException("--format " + format + " is unknown; choose onnx, pte or torchscript");
        }
        if (inputShape != null) {
            throw new LatheException("--input-shape applies to --format pte; an ONNX or TorchScript export keeps "
                    + "the model's own shapes");
        }
        var workbench = context.get().workbench();
        ModelRecord model = workbench.open(variant);
        if (format.equals("torchscript") && model.format() == ModelFormat.ONNX) {
            return exportTorchScript(model);
        }
        VariantExporter.Exported written;
        try {
            written = workbench.export(model, out, force ? Overwrite.REPLACE : Overwrite.REFUSE);
        } catch (ExistingFileException e) {
            throw new LatheException(e.file() + " already exists; give --force to replace it (nothing was written)", e);
        }
        PrintWriter w = spec.commandLine().getOut();
        w.println(written.model());
        w.println(written.provenance());
        w.println(written.card());
        return 0;
    }

    private Integer exportTorchScript(ModelRecord model) throws LatheException {
        TorchScriptFileExporter.Written written;
        try {
            written = context.get().workbench().exportTorchScript(model, out,
                    force ? Overwrite.REPLACE : Overwrite.REFUSE);
        } catch (ExistingFileException e) {
            throw new LatheException(e.file() + " already exists; give --force to replace it (nothing was written)", e);
        }
        PrintWriter w = spec.commandLine().getOut();
        w.println(written.pt());
        w.println(written.provenance());
        w.println(written.card());
        var export = written.export();
        w.printf(Locale.ROOT, "%s: %,d bytes, TorchScript file format %d, module %s, %,d parameter elements%n",
                written.pt().getFileName(), export.bytes().length, export.fileFormatVersion(), export.className(),
                export.parameters());
        return 0;
    }

    private Integer exportPte() throws LatheException {
        var workbench = context.get().workbench();
        PteFileExporter.Written written;
        try {
            written = workbench.exportPte(workbench.open(variant), out,
                    Optional.ofNullable(inputShape).map(InputShape::dims), PteDelegate.parse(delegate),
                    force ? Overwrite.REPLACE : Overwrite.REFUSE);
        } catch (IllegalArgumentException e) {
            throw new LatheException(e.getMessage(), e);
        } catch (ExistingFileException e) {
            throw new LatheException(e.file() + " already exists; give --force to replace it (nothing was written)", e);
        }
        PrintWriter w = spec.commandLine().getOut();
        w.println(written.pte());
        w.println(written.provenance());
        w.println(written.card());
        var export = written.export();
        export.notes().forEach(n -> spec.commandLine().getErr().println("lathe: warning: " + n));
        w.printf(Locale.ROOT, "%s: %,d bytes, %s, constants %,d bytes, "
                        + "activations planned in %,d bytes (naive sum %,d)%n", written.pte().getFileName(),
                export.bytes().length, PteProvenance.kernels(export.program()), export.program().constantBytes(),
                export.plan().arenaBytes(), export.plan().naiveBytes());
        return 0;
    }
}
