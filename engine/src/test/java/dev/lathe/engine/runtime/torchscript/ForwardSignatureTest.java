package dev.lathe.engine.runtime.torchscript;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lathe.engine.model.ElementType;
import java.util.List;
import org.junit.jupiter.api.Test;

class ForwardSignatureTest {

    @Test
    void readsArgumentsAfterSelfAndTheReturnType() {
        ForwardSignature forward = ForwardSignature.parse(
                "def forward(self: __torch__.FashionCnn, image: Tensor) -> Tensor:").orElseThrow();

        assertThat(forward.arguments()).containsExactly(new ForwardSignature.Argument("image", "Tensor"));
        assertThat(forward.returnParts()).containsExactly("Tensor");
    }

    @Test
    void keepsBracketedTypesWholeAndDropsDefaults() {
        ForwardSignature forward = ForwardSignature.parse("def forward(self: __torch__.Net, x: Tensor,"
                + " lengths: Dict[str, Tensor], k: int=3, scale: float=0.5) -> Tuple[Tensor, List[Tensor]]:").orElseThrow();

        assertThat(forward.arguments()).extracting(ForwardSignature.Argument::name)
                .containsExactly("x", "lengths", "k", "scale");
        assertThat(forward.arguments()).extracting(ForwardSignature.Argument::type)
                .containsExactly("Tensor", "Dict[str, Tensor]", "int", "float");
        assertThat(forward.arguments()).extracting(ForwardSignature.Argument::elementType)
                .containsExactly(ElementType.OTHER, ElementType.OTHER, ElementType.INT64, ElementType.DOUBLE);
        assertThat(forward.returnParts()).isEqualTo(List.of("Tensor", "List[Tensor]"));
    }

    @Test
    void textOfAnotherShapeGivesNothing() {
        assertThat(ForwardSignature.parse("def helper(self, x):")).isEmpty();
        assertThat(ForwardSignature.parse("def forward(self: T, x: Tensor")).isEmpty();
    }
}
