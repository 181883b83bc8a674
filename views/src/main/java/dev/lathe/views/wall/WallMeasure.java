package dev.lathe.views.wall;

/** What the wall measures on each ticked device: latency (a benchmark run) or accuracy (an evaluation). */
public enum WallMeasure {
    LATENCY("Latency"), ACCURACY("Accuracy");

    private final String label;

    WallMeasure(String label) {
        this.label = label;
    }

    @Override
    public String toString() {
        return label;
    }
}
