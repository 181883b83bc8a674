package dev.lathe.engine.demo;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.lathe.engine.demo.DemoStep.Action;
import dev.lathe.engine.demo.DemoStep.Export.Format;
import dev.lathe.engine.files.InputFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads a demo scenario (docs/demos.md). Jackson binds the YAML, so a wrong key or type is reported with its line;
 * what binding cannot see (one action per step, keys that belong to another action) is reported with the step's
 * number. Files named in it are not looked at here: the views' DemoCheck does, all at once.
 */
public final class DemoParser {
    /** Larger than any hand-written scenario; a bigger file is not one. */
    static final long MAX_BYTES = 256 * 1024;
    static final List<String> ACTIONS = List.of("open", "optimize", "wall", "compare", "export");
    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    record FileYaml(@JsonProperty("lathe-demo") Integer version, String title, List<StepYaml> steps) {
    }

    record StepYaml(String open, String optimize, String calibration, String data, List<String> wall, Double seconds,
                    List<String> compare, String export, String to, String caption, Double budget) {
        List<String> actions() {
            List<String> given = new ArrayList<>();
            if (open != null) given.add("open");
            if (optimize != null) given.add("optimize");
            if (wall != null) given.add("wall");
            if (compare != null) given.add("compare");
            if (export != null) given.add("export");
            return given;
        }
    }

    public DemoScenario parse(Path file) throws DemoException {
        Optional<String> problem = InputFiles.problem(file, false);
        if (problem.isPresent()) {
            throw new DemoException(file.getFileName() + ": " + problem.get());
        }
        String text;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new DemoException(file.getFileName() + ": is " + Files.size(file) + " bytes; a demo scenario "
                        + "is a short YAML file (at most 256 KiB): is it the right file?");
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DemoException(file.getFileName() + ": cannot be read: " + e.getMessage(), e);
        }
        Path folder = file.toAbsolutePath().getParent();
        return parse(String.valueOf(file.getFileName()), text, file.toAbsolutePath(), folder);
    }

    /** @param folder what relative paths in it are read against */
    public DemoScenario parse(String source, String text, Path file, Path folder) throws DemoException {
        FileYaml read = bind(source, text);
        if (read == null) {
            throw new DemoException(source + ": is empty; a demo starts with 'lathe-demo: 1'");
        }
        if (read.version() == null) {
            throw new DemoException(source + ": has no 'lathe-demo: 1' line; a demo scenario starts with it");
        }
        if (read.version() != DemoScenario.VERSION) {
            throw new DemoException(source + ": is 'lathe-demo: " + read.version() + "'; this Lathe reads version "
                    + DemoScenario.VERSION + ": write 'lathe-demo: 1'");
        }
        if (read.title() == null || read.title().isBlank()) {
            throw new DemoException(source + ": has no title: add 'title: ...', shown before the first step");
        }
        if (read.steps() == null || read.steps().isEmpty()) {
            throw new DemoException(source + ": has no steps: add 'steps:' with at least one of "
                    + String.join(", ", ACTIONS));
        }
        List<DemoStep> steps = new ArrayList<>();
        for (StepYaml s : read.steps()) {
            steps.add(step(source, steps.size() + 1, s, folder));
        }
        return new DemoScenario(read.title().strip(), file, steps);
    }

    private static FileYaml bind(String source, String text) throws DemoException {
        try {
            return YAML.readValue(text, FileYaml.class);
        } catch (UnrecognizedPropertyException e) {
            List<String> known = e.getKnownPropertyIds() == null ? List.of()
                    : e.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList();
            throw new DemoException(source + line(keyAt(text, e)) + ": '" + e.getPropertyName() + "' is not a key "
                    + (e.getPath().size() > 1 ? "of a step" : "of a demo") + "; use one of " + String.join(", ", known), e);
        } catch (JsonMappingException e) {
            String where = e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName()
                    : "item " + (r.getIndex() + 1)).collect(Collectors.joining(" › "));
            throw new DemoException(source + line(e.getLocation()) + ": " + (where.isEmpty() ? "" : where + ": ")
                    + "is not what a demo takes there (" + firstLine(e.getOriginalMessage()) + ")", e);
        } catch (JsonProcessingException e) {
            throw new DemoException(source + line(e.getLocation()) + ": not valid YAML: "
                    + firstLine(e.getOriginalMessage()), e);
        }
    }

    private static DemoStep step(String source, int number, StepYaml s, Path folder) throws DemoException {
        String where = source + " step " + number;
        List<String> actions = s.actions();
        if (actions.size() != 1) {
            throw new DemoException(where + ": " + (actions.isEmpty() ? "does nothing" : "does " + String.join(
                    " and ", actions)) + "; a step has exactly one of " + String.join(", ", ACTIONS));
        }
        Action action = action(where, actions.get(0), s, folder);
        onlyKeys(where, action.kind(), s);
        if (s.budget() != null && !(s.budget() > 0 && s.budget() <= 24 * 3600)) {
            throw new DemoException(where + ": budget is " + s.budget() + " seconds; give from above 0 to 86400");
        }
        String caption = s.caption() == null || s.caption().isBlank() ? action.describe() : s.caption().strip();
        return new DemoStep(number, caption, s.budget() == null ? action.defaultBudgetSeconds() : s.budget(), action);
    }

    private static Action action(String where, String kind, StepYaml s, Path folder) throws DemoException {
        return switch (kind) {
            case "open" -> new DemoStep.Open(path(where, "open", s.open(), folder));
            case "optimize" -> new DemoStep.Optimize(path(where, "optimize", s.optimize(), folder),
                    optionalPath(where, "calibration", s.calibration(), folder),
                    optionalPath(where, "data", s.data(), folder));
            case "wall" -> {
                double seconds = s.seconds() == null ? 10 : s.seconds();
                if (!(seconds > 0 && seconds <= 3600)) {
                    throw new DemoException(where + ": seconds is " + s.seconds() + "; give from above 0 to 3600");
                }
                yield new DemoStep.Wall(devices(where, "wall", s.wall()), seconds);
            }
            case "compare" -> new DemoStep.Compare(s.compare().isEmpty() ? List.of() : devices(where, "compare",
                    s.compare()));
            default -> new DemoStep.Export(Format.of(s.export()).orElseThrow(() -> new DemoException(where
                    + ": export is '" + s.export() + "'; give one of " + Arrays.stream(Format.values())
                    .map(Format::key).collect(Collectors.joining(", ")))),
                    optionalPath(where, "to", s.to(), folder));
        };
    }

    /** Keys that belong to another action are refused, so a typo'd step does not silently do less. */
    private static void onlyKeys(String where, String kind, StepYaml s) throws DemoException {
        List<String> wrong = new ArrayList<>();
        boolean optimize = kind.equals("optimize");
        if (!optimize && s.calibration() != null) wrong.add("calibration");
        if (!optimize && s.data() != null) wrong.add("data");
        if (!kind.equals("wall") && s.seconds() != null) wrong.add("seconds");
        if (!kind.equals("export") && s.to() != null) wrong.add("to");
        if (!wrong.isEmpty()) {
            throw new DemoException(where + ": " + String.join(", ", wrong) + (wrong.size() == 1 ? " is" : " are")
                    + " not a key of an " + kind + " step; " + kind + " takes " + keysOf(kind));
        }
    }

    private static String keysOf(String kind) {
        List<String> own = switch (kind) {
            case "optimize" -> List.of("calibration", "data");
            case "wall" -> List.of("seconds");
            case "export" -> List.of("to");
            default -> List.of();
        };
        return Stream.concat(own.stream(), Stream.of("caption", "budget")).collect(Collectors.joining(", "));
    }

    private static List<String> devices(String where, String key, List<String> names) throws DemoException {
        List<String> out = new ArrayList<>();
        for (String n : names) {
            if (n == null || n.isBlank()) {
                throw new DemoException(where + ": " + key + " lists an empty device name; name devices as Lathe "
                        + "shows them, or '" + DemoStep.Wall.THIS_COMPUTER + "', or '"
                        + DemoStep.Wall.EVERY_PAIRED_BOARD + "'");
            }
            out.add(n.strip());
        }
        if (out.isEmpty()) {
            throw new DemoException(where + ": " + key + " names no device; list at least one, like ["
                    + DemoStep.Wall.THIS_COMPUTER + ", " + DemoStep.Wall.EVERY_PAIRED_BOARD + "]");
        }
        return out;
    }

    private static Path path(String where, String key, String text, Path folder) throws DemoException {
        if (text == null || text.isBlank()) {
            throw new DemoException(where + ": " + key + " names no file");
        }
        String t = text.strip();
        if (t.equals("~") || t.startsWith("~/")) {
            t = System.getProperty("user.home") + t.substring(1);
        }
        try {
            return folder.resolve(t).normalize();
        } catch (java.nio.file.InvalidPathException e) {
            throw new DemoException(where + ": " + key + " '" + text + "' is no file name here: " + e.getReason(), e);
        }
    }

    private static Optional<Path> optionalPath(String where, String key, String text, Path folder)
            throws DemoException {
        return text == null ? Optional.empty() : Optional.of(path(where, key, text, folder));
    }

    /**
     * Where the unknown key starts. The exception's own location is where the reader had got to, the end of the
     * object holding the key (a record is bound once all its keys are read), so the key is looked up by its path.
     */
    private static JsonLocation keyAt(String text, UnrecognizedPropertyException e) {
        String pointer = e.getPath().stream().map(r -> "/" + (r.getFieldName() != null
                ? r.getFieldName().replace("~", "~0").replace("/", "~1") : String.valueOf(r.getIndex())))
                .collect(Collectors.joining());
        try (JsonParser p = YAML.getFactory().createParser(text)) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t == JsonToken.FIELD_NAME && p.getParsingContext().pathAsPointer().toString().equals(pointer)) {
                    return p.currentTokenLocation();
                }
            }
        } catch (IOException unreadable) {
            // the binder read it; fall back on its location
        }
        return e.getLocation();
    }

    private static String line(JsonLocation at) {
        return at == null || at.getLineNr() < 1 ? "" : " line " + at.getLineNr();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
