package dev.lathe.views.compare;

/**
 * A device some model of the family has complete benchmark runs or evaluations on, as the Compare view offers it.
 *
 * @param runs      complete runs of the family's models on it
 * @param evaluated whether some model of the family was evaluated there on the parent's dataset
 */
public record CompareDevice(String id, String name, int runs, boolean evaluated) {

    @Override
    public String toString() {
        return runs == 0 ? name + " (evaluated only)" : name + " (" + runs + (runs == 1 ? " run)" : " runs)");
    }
}
