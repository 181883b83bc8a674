package dev.lathe.engine.export.torchscript;

import java.nio.charset.StandardCharsets;

/**
 * Writes a {@link ScriptModule} as the archive {@code torch.jit.load} reads: {@code <name>/data.pkl} (the module
 * object, its tensors as persistent ids into {@code <name>/data/<n>}), {@code <name>/code/__torch__.py},
 * {@code <name>/constants.pkl} (an empty tuple: every tensor is an attribute), {@code <name>/version} and
 * {@code <name>/byteorder}.
 */
final class ArchiveWriter {
    /**
     * Format 3: the oldest that PyTorch still writes ({@code kMinProducedFileFormatVersion}); versions 1 and 2
     * predate type tags on pickled containers. Every PyTorch from 1.5 on reads it, libtorch 2.7 included.
     */
    static final int FILE_FORMAT_VERSION = 3;

    private ArchiveWriter() {
    }

    /** @param folder the archive's top folder, as PyTorch names it after the file */
    static byte[] write(ScriptModule module, String folder) {
        StoredZip zip = new StoredZip();
        zip.add(folder + "/data.pkl", pickle(module));
        zip.add(folder + "/code/__torch__.py", module.source().getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < module.tensors().size(); i++) {
            zip.add(folder + "/data/" + i, module.tensors().get(i).data());
        }
        zip.add(folder + "/constants.pkl", new Pickle().emptyTuple().stop());
        zip.add(folder + "/version", (FILE_FORMAT_VERSION + "\n").getBytes(StandardCharsets.US_ASCII));
        zip.add(folder + "/byteorder", "little".getBytes(StandardCharsets.US_ASCII));
        return zip.finish();
    }

    private static byte[] pickle(ScriptModule module) {
        Pickle p = new Pickle();
        p.global("__torch__", module.className()).emptyTuple().newObj().emptyDict().mark();
        for (int i = 0; i < module.tensors().size(); i++) {
            ScriptTensor t = module.tensors().get(i);
            p.string(t.name());
            tensor(p, t, i);
        }
        p.string("training").bool(false);
        return p.setItems().build().stop();
    }

    /** {@code _rebuild_tensor_v2(storage, offset, size, stride, requires_grad, OrderedDict())}. */
    private static void tensor(Pickle p, ScriptTensor t, int key) {
        p.global("torch._utils", "_rebuild_tensor_v2").mark();
        p.mark().string("storage").global("torch", t.type().storage()).string(Integer.toString(key)).string("cpu")
                .integer(t.elements()).tuple().persistentId();
        p.integer(0).ints(t.shape()).ints(t.strides()).bool(t.parameter());
        p.global("collections", "OrderedDict").emptyTuple().reduce();
        p.tuple().reduce();
    }
}
