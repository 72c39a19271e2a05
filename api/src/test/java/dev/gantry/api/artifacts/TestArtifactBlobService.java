package dev.gantry.api.artifacts;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import javax.xml.stream.XMLStreamException;
import org.junit.jupiter.api.Test;

/** The Azure wire details of the artifact blob endpoints: block lists in, file names out. */
class TestArtifactBlobService {
    @Test
    void aBlockListGivesItsIdsInOrderWhateverTheirKind() throws Exception {
        String xml = """
                <?xml version="1.0" encoding="utf-8"?>
                <BlockList><Latest>b2==</Latest><Uncommitted>YQ==</Uncommitted><Committed>b2==</Committed></BlockList>""";
        assertThat(ArtifactBlobService.blockList(new ByteArrayInputStream(xml.getBytes(UTF_8))))
                .containsExactly("b2==", "YQ==", "b2==");
    }

    @Test
    void aBodyThatIsNoBlockListOrCarriesADoctypeIsRefused() {
        assertThatThrownBy(() -> ArtifactBlobService.blockList(new ByteArrayInputStream("<Other/>".getBytes(UTF_8))))
                .isInstanceOf(XMLStreamException.class);
        assertThatThrownBy(() -> ArtifactBlobService.blockList(new ByteArrayInputStream("<BlockList><Latest>".getBytes(UTF_8))))
                .isInstanceOf(XMLStreamException.class);
        String entity = """
                <?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><BlockList><Latest>&e;</Latest></BlockList>""";
        assertThatThrownBy(() -> ArtifactBlobService.blockList(new ByteArrayInputStream(entity.getBytes(UTF_8))))
                .isInstanceOf(XMLStreamException.class);
    }

    @Test
    void theFileNameTravelsExactlyAndAsAsciiFallback() {
        assertThat(ArtifactBlobService.contentDisposition("report.html"))
                .isEqualTo("attachment; filename=\"report.html\"; filename*=UTF-8''report.html");
        assertThat(ArtifactBlobService.contentDisposition("résumé \"v1\";.pdf"))
                .isEqualTo("attachment; filename=\"r_sum_ _v1__.pdf\"; filename*=UTF-8''r%C3%A9sum%C3%A9%20%22v1%22%3B.pdf");
    }
}
