package dev.lathe.samples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FashionCnnTest {

    @Test
    void theShippedReadmeDescribesTheStandardNetwork() throws Exception {
        String readme = java.nio.file.Files.readString(java.nio.file.Path.of("fashion-mnist/README.md"))
                .replaceAll("\\s+", " ");
        assertThat(readme).contains(FashionCnn.standard().describeLayers());
    }

    @Test
    void theStandardNetworkCostsAboutFortyMillionMultiplyAddsAlmostAllInConvolutions() {
        FashionCnn cnn = FashionCnn.standard();
        long classifier = cnn.flattenedSize() * cnn.hidden().units() + (long) cnn.hidden().units() * 10;
        // conv 1→48 and 48→48 at 28×28, 48→96 and 96→96 at 14×14, then 4704→64→10.
        assertThat(cnn.multiplyAdds()).isEqualTo(338_688L + 16_257_024L + 8_128_512L + 16_257_024L + 301_056L + 640L);
        assertThat(cnn.flattenedSize()).isEqualTo(4704);
        assertThat((double) classifier / cnn.multiplyAdds()).isLessThan(0.01);
    }
}
