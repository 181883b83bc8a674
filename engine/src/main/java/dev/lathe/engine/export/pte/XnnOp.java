package dev.lathe.engine.export.pte;

/** One ONNX op as the XNNPACK delegate takes it: whether it can take this node, and its XNNPACK nodes. */
interface XnnOp {
    boolean claims(XnnpackPartitioner p) throws PteExportException;

    void lower(XnnpackPartitioner p) throws PteExportException;

    /** An op XNNPACK takes whenever its input is a tensor, in any layout. */
    static XnnOp always(Lowering lowering) {
        return new XnnOp() {
            @Override
            public boolean claims(XnnpackPartitioner p) {
                return true;
            }

            @Override
            public void lower(XnnpackPartitioner p) throws PteExportException {
                lowering.lower(p);
            }
        };
    }

    /** An op XNNPACK takes when {@code check} holds for the node. */
    static XnnOp when(Check check, Lowering lowering) {
        return new XnnOp() {
            @Override
            public boolean claims(XnnpackPartitioner p) throws PteExportException {
                return check.holds(p.ctx());
            }

            @Override
            public void lower(XnnpackPartitioner p) throws PteExportException {
                lowering.lower(p);
            }
        };
    }

    @FunctionalInterface
    interface Lowering {
        void lower(XnnpackPartitioner p) throws PteExportException;
    }

    @FunctionalInterface
    interface Check {
        boolean holds(LoweringContext ctx) throws PteExportException;
    }
}
