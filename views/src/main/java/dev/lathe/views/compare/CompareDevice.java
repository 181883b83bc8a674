package dev.lathe.views.compare;

/**
 * A device some model of the family has complete benchmark runs on, as the Compare view offers it.
 *
 * @param runs complete runs of the family's models on it
 */
public record CompareDevice(String id, String name, int runs) {

    @Override
    public String toString() {
        return name + " (" + runs + (runs == 1 ? " run)" : " runs)");
    }
}
