package dev.lathe.samples;

import ai.djl.Model;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The written file checked against what it claims: its top-1 in ONNX Runtime over the whole test split, and how far
 * its logits are from the DJL network's on the first test images (a folding or layout mistake shows up here long
 * before it shows in accuracy).
 */
public record Verification(double djlTop1, double ortTop1, int agreementImages, double maxAbsDiff) {
    public static final double MIN_TOP1 = 0.90;
    public static final double MAX_ABS_DIFF = 1e-3;

    public static Verification of(Model model, Path onnx, FashionMnist test, int agreementImages, int threads)
            throws Exception {
        double djlTop1 = DjlClassifier.top1(model, test);
        try (OrtClassifier ort = new OrtClassifier(onnx, threads)) {
            double diff = Top1.maxAbsDiff(DjlClassifier.logits(model, test, 0, agreementImages),
                    ort.logits(test, 0, agreementImages));
            return new Verification(djlTop1, ort.top1(test), agreementImages, diff);
        }
    }

    /** What falls short of the bar, one line each; empty when the sample is good. */
    public List<String> failures() {
        List<String> failures = new ArrayList<>();
        if (ortTop1 < MIN_TOP1) {
            failures.add(String.format(Locale.ROOT, "top-1 in ONNX Runtime is %.2f %%, below %.0f %%",
                    100 * ortTop1, 100 * MIN_TOP1));
        }
        if (!(maxAbsDiff <= MAX_ABS_DIFF)) {
            failures.add(String.format(Locale.ROOT, "ONNX Runtime's logits differ from DJL's by %.2e (allowed %.0e)",
                    maxAbsDiff, MAX_ABS_DIFF));
        }
        return failures;
    }
}
