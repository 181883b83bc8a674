package dev.lathe.views.support;

import dev.lathe.views.common.ErrorSink;
import java.util.ArrayList;
import java.util.List;

/** Keeps what would have been shown in error dialogs. */
public final class RecordingErrors implements ErrorSink {
    private final List<Throwable> reported = new ArrayList<>();

    @Override
    public void report(Throwable error) {
        reported.add(error);
    }

    public List<Throwable> reported() {
        return List.copyOf(reported);
    }
}
