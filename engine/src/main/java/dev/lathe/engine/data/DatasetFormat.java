package dev.lathe.engine.data;

/** The dataset layouts Lathe reads. */
public enum DatasetFormat {
    IDX("IDX files"),
    IMAGE_FOLDER("image folder"),
    CSV("CSV table");

    private final String displayName;

    DatasetFormat(String displayName) {
        this.displayName = displayName;
    }

    public String displayName() {
        return displayName;
    }
}
