package dev.lathe.engine.export.pte;

import java.util.List;
import java.util.Optional;

/** One entry of an execution plan's value table: a tensor or an argument that a kernel reads. */
public sealed interface EValue {

    /** Where a planned tensor lives: arena {@code memoryId} (1-based), at {@code offset} bytes. */
    record Allocation(int memoryId, long offset) {
    }

    /**
     * A tensor. A constant has {@code constantIndex > 0} (its bytes in the constant segment); an activation has
     * index 0 and an allocation in a planned arena.
     */
    record Tensor(ScalarType type, List<Long> sizes, int constantIndex, Optional<Allocation> allocation)
            implements EValue {
        public Tensor {
            sizes = List.copyOf(sizes);
        }

        public long elements() {
            long n = 1;
            for (long d : sizes) {
                n *= d;
            }
            return n;
        }

        public long bytes() {
            return elements() * type.bytes();
        }

        public Tensor placed(Allocation where) {
            return new Tensor(type, sizes, constantIndex, Optional.of(where));
        }
    }

    record Int(long value) implements EValue {
    }

    record Double(double value) implements EValue {
    }

    record Bool(boolean value) implements EValue {
    }

    record Null() implements EValue {
    }

    record Str(String value) implements EValue {
    }

    /** A list of ints, given as indices of {@link Int} values (how the runtime boxes SymInt lists). */
    record IntList(List<Long> items) implements EValue {
        public IntList {
            items = List.copyOf(items);
        }
    }

    /** A list of tensors, given as value indices. */
    record TensorList(List<Integer> items) implements EValue {
        public TensorList {
            items = List.copyOf(items);
        }
    }
}
