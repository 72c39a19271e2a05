package dev.gantry.api.artifacts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The Azure wire details of the artifact blob endpoints: file names out. */
class TestArtifactBlobService {
    @Test
    void theFileNameTravelsExactlyAndAsAsciiFallback() {
        assertThat(ArtifactBlobService.contentDisposition("report.html"))
                .isEqualTo("attachment; filename=\"report.html\"; filename*=UTF-8''report.html");
        assertThat(ArtifactBlobService.contentDisposition("résumé \"v1\";.pdf"))
                .isEqualTo("attachment; filename=\"r_sum_ _v1__.pdf\"; filename*=UTF-8''r%C3%A9sum%C3%A9%20%22v1%22%3B.pdf");
    }
}
