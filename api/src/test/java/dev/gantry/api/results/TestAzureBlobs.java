package dev.gantry.api.results;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import javax.xml.stream.XMLStreamException;
import org.junit.jupiter.api.Test;

/** Azure's Put Block List bodies, as the artifact and cache uploads send them. */
class TestAzureBlobs {
    @Test
    void aBlockListGivesItsIdsInOrderWhateverTheirKind() throws Exception {
        String xml = """
                <?xml version="1.0" encoding="utf-8"?>
                <BlockList><Latest>b2==</Latest><Uncommitted>YQ==</Uncommitted><Committed>b2==</Committed></BlockList>""";
        assertThat(AzureBlobs.blockList(new ByteArrayInputStream(xml.getBytes(UTF_8))))
                .containsExactly("b2==", "YQ==", "b2==");
    }

    @Test
    void aBodyThatIsNoBlockListOrCarriesADoctypeIsRefused() {
        assertThatThrownBy(() -> AzureBlobs.blockList(new ByteArrayInputStream("<Other/>".getBytes(UTF_8))))
                .isInstanceOf(XMLStreamException.class);
        assertThatThrownBy(() -> AzureBlobs.blockList(new ByteArrayInputStream("<BlockList><Latest>".getBytes(UTF_8))))
                .isInstanceOf(XMLStreamException.class);
        String entity = """
                <?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><BlockList><Latest>&e;</Latest></BlockList>""";
        assertThatThrownBy(() -> AzureBlobs.blockList(new ByteArrayInputStream(entity.getBytes(UTF_8))))
                .isInstanceOf(XMLStreamException.class);
    }
}
