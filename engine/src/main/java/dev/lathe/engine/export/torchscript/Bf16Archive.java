package dev.lathe.engine.export.torchscript;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A TorchScript archive (PyTorch's or Lathe's) rewritten in bfloat16: every float32 storage of its pickles becomes a
 * bfloat16 one (the pickle's {@code torch.FloatStorage} global renamed, the record rounded to nearest even), and the
 * root module's forward casts its Tensor arguments to bfloat16 and what it returns back to float32. Code and other
 * records are kept as they are; the root class's source-range record ({@code .debug_pkl}) is dropped, since its
 * offsets no longer fit.
 */
public final class Bf16Archive {
    private static final String FLOAT_GLOBAL = "ctorch\nFloatStorage\n";
    private static final String BF16_GLOBAL = "ctorch\nBFloat16Storage\n";
    private static final Pattern TENSOR_ARGUMENT = Pattern.compile("(\\w+): Tensor");
    private static final Pattern RETURN = Pattern.compile("^(\\s+)return (.+)$");

    private Bf16Archive() {
    }

    /** The archive rewritten; {@code name} is the model's, for messages. */
    public static byte[] rewrite(Path file, String name) throws TorchScriptExportException {
        Map<String, byte[]> records = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            for (ZipEntry e : Collections.list(zip.entries())) {
                records.put(e.getName(), zip.getInputStream(e).readAllBytes());
            }
        } catch (IOException e) {
            throw new TorchScriptExportException(name + ": cannot read it as a zip archive (" + e.getMessage() + ")");
        }
        String folder = records.keySet().stream().filter(k -> k.endsWith("/data.pkl")).findFirst()
                .map(k -> k.substring(0, k.length() - "/data.pkl".length())).orElseThrow(() ->
                        new TorchScriptExportException(name + ": has no data.pkl; it is not a TorchScript archive"));
        Set<String> floats = new HashSet<>();
        for (String archive : List.of("data", "constants")) {
            byte[] pickle = records.get(folder + "/" + archive + ".pkl");
            if (pickle == null) {
                continue;
            }
            for (PickleStorages.Storage s : PickleStorages.read(pickle, name)) {
                if (s.type().equals("FloatStorage")) {
                    floats.add(folder + "/" + archive + "/" + s.key());
                }
            }
            records.put(folder + "/" + archive + ".pkl", renamed(pickle));
        }
        if (floats.isEmpty()) {
            throw new TorchScriptExportException(name + ": holds no float32 tensor; there is nothing to convert to "
                    + "bf16");
        }
        String root = rootClass(records.get(folder + "/data.pkl"), name);
        String codeFile = folder + "/code/" + root.substring(0, root.lastIndexOf('.')).replace('.', '/') + ".py";
        byte[] code = records.get(codeFile);
        if (code == null) {
            throw new TorchScriptExportException(name + ": its root module " + root + " has no code at " + codeFile);
        }
        records.put(codeFile, castForward(new String(code, StandardCharsets.UTF_8),
                root.substring(root.lastIndexOf('.') + 1), name).getBytes(StandardCharsets.UTF_8));
        records.remove(codeFile + ".debug_pkl");
        StoredZip zip = new StoredZip();
        for (Map.Entry<String, byte[]> r : records.entrySet()) {
            zip.add(r.getKey(), floats.contains(r.getKey()) ? bfloat16(r.getValue()) : r.getValue());
        }
        return zip.finish();
    }

    /** GLOBAL is a newline-ended text opcode, so renaming it changes no offset the pickle holds. */
    private static byte[] renamed(byte[] pickle) {
        String text = new String(pickle, StandardCharsets.ISO_8859_1);
        return text.replace(FLOAT_GLOBAL, BF16_GLOBAL).getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String rootClass(byte[] pickle, String name) throws TorchScriptExportException {
        int start = pickle.length > 2 && (pickle[0] & 0xff) == 0x80 ? 2 : 0;
        String[] parts = new String(pickle, start + 1, Math.min(512, pickle.length - start - 1),
                StandardCharsets.UTF_8).split("\n", 3);
        if (pickle[start] != 'c' || parts.length < 3) {
            throw new TorchScriptExportException(name + ": its pickle does not start with the module's class");
        }
        return parts[0] + "." + parts[1];
    }

    /** Casts in after the root forward's signature, and each {@code return} out, as TorchScript's printer lays it. */
    static String castForward(String source, String className, String name) throws TorchScriptExportException {
        List<String> lines = new ArrayList<>(List.of(source.split("\n", -1)));
        int cls = lines.indexOf("class " + className + "(Module):");
        int def = cls < 0 ? -1 : indexFrom(lines, cls, "  def forward(self");
        if (def < 0) {
            throw new TorchScriptExportException(name + ": its root module " + className + " has no forward in its "
                    + "code");
        }
        int end = def;
        StringBuilder signature = new StringBuilder();
        while (!lines.get(end).stripTrailing().endsWith(":")) {
            signature.append(lines.get(end++));
        }
        signature.append(lines.get(end));
        if (!signature.toString().replaceAll("\\s+", " ").endsWith("-> Tensor:")) {
            throw new TorchScriptExportException(name + ": its forward returns something other than one Tensor ("
                    + signature.toString().strip() + "); bf16 conversion casts one returned Tensor back to float32");
        }
        Matcher arguments = TENSOR_ARGUMENT.matcher(signature);
        List<String> casts = new ArrayList<>();
        while (arguments.find()) {
            casts.add("    " + arguments.group(1) + " = torch.to(" + arguments.group(1) + ", "
                    + ScalarType.BFLOAT16.code() + ", False, False, None)");
        }
        for (int i = end + 1; i < lines.size() && (lines.get(i).startsWith("    ") || lines.get(i).isBlank()); i++) {
            Matcher r = RETURN.matcher(lines.get(i));
            if (r.matches()) {
                lines.set(i, r.group(1) + "return torch.to(" + r.group(2) + ", " + ScalarType.FLOAT.code()
                        + ", False, False, None)");
            }
        }
        lines.addAll(end + 1, casts);
        return String.join("\n", lines);
    }

    private static int indexFrom(List<String> lines, int from, String prefix) {
        for (int i = from + 1; i < lines.size() && !lines.get(i).startsWith("class "); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }

    private static byte[] bfloat16(byte[] floats) {
        ByteBuffer in = ByteBuffer.wrap(floats).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer out = ByteBuffer.allocate(floats.length / 2).order(ByteOrder.LITTLE_ENDIAN);
        while (in.remaining() >= 4) {
            out.putShort(ScriptTensor.bfloat16(in.getFloat()));
        }
        return out.array();
    }
}
