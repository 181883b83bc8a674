package dev.lathe.engine.export.pte;

import java.util.Locale;

/** Which backend takes the nodes it can before the rest go to ExecuTorch's portable kernels. */
public enum PteDelegate {
    /** XNNPACK ({@code XnnpackBackend}): fp32 and QDQ int8 convolutions, fully connected layers, pools, elementwise. */
    XNNPACK,
    /** Portable kernels only: fp32, slow, and the same on every runtime build. */
    NONE;

    /** {@code xnnpack} or {@code none}, as the CLI's {@code --delegate} takes it. */
    public static PteDelegate parse(String text) {
        for (PteDelegate d : values()) {
            if (d.name().equalsIgnoreCase(text.trim())) {
                return d;
            }
        }
        throw new IllegalArgumentException("--delegate " + text + " is unknown; choose xnnpack or none");
    }

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
