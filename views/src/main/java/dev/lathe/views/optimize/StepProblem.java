package dev.lathe.views.optimize;

/**
 * Why a step's fields are not a step: the recipe's own message, and the key of the field it names, so the form can
 * show the message beside that field. The exception's message says which step, in a recipe of several.
 */
final class StepProblem extends IllegalArgumentException {
    private final transient StepFields step;
    private final String key;
    private final String fieldMessage;

    /**
     * @param key     the field's key within the step as a recipe names it, like {@code calibration.percentile};
     *                empty when the problem is not one field's
     * @param message the recipe's own words, like {@code 'percentile' must be above 50 and at most 100, ...}
     */
    StepProblem(StepFields step, String key, String message, Throwable cause) {
        this(step, key, message, message, cause);
    }

    private StepProblem(StepFields step, String key, String fieldMessage, String message, Throwable cause) {
        super(message, cause);
        this.step = step;
        this.key = key;
        this.fieldMessage = fieldMessage;
    }

    /** The same problem, its message saying which step of several: {@code Step 2 (finetune): 'epochs' must ...}. */
    StepProblem inStep(int number) {
        return new StepProblem(step, key, fieldMessage, "Step " + number + " (" + StepFields.word(
                step.kindProperty().get()) + "): " + fieldMessage, getCause());
    }

    StepFields step() {
        return step;
    }

    String key() {
        return key;
    }

    /** The recipe's own words, without the step. */
    String fieldMessage() {
        return fieldMessage;
    }
}
