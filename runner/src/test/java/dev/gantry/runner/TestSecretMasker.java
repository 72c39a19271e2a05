package dev.gantry.runner;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class TestSecretMasker {
    @ParameterizedTest(name = "{0} in [{1}] → [{2}]")
    @CsvSource(delimiter = '|', value = {
            "hunter2|password is hunter2|password is ***",
            "hunter2|hunter2hunter2|******",
            "abc|no secret here|no secret here",
            "a\"b\\c|json: \"a\\\"b\\\\c\"|json: \"***\"",
            "p@ss word|url: p%40ss%20word|url: ***",
            "secret-value|b64: c2VjcmV0LXZhbHVl|b64: ***",
    })
    void masksAValueAndItsEncodings(String secret, String line, String expected) {
        SecretMasker masker = new SecretMasker();
        masker.add(secret);
        assertThat(masker.mask(line)).isEqualTo(expected);
    }

    @Test
    void aLongerSecretContainingAShorterOneIsMaskedWhole() {
        SecretMasker masker = new SecretMasker();
        masker.add("abcd");
        masker.add("xxabcdxx");
        assertThat(masker.mask("[xxabcdxx] [abcd]")).isEqualTo("[***] [***]");
    }

    @Test
    void multiLineValuesAreMaskedLineByLine() {
        SecretMasker masker = new SecretMasker();
        masker.add("first-line\r\nsecond-line");
        assertThat(masker.mask("second-line alone")).isEqualTo("*** alone");
        assertThat(masker.mask("first-line")).isEqualTo("***");
    }

    @Test
    void blankValuesAreIgnored() {
        SecretMasker masker = new SecretMasker();
        masker.add("");
        masker.add("   ");
        masker.add(null);
        assertThat(masker.mask("a b c")).isEqualTo("a b c");
        assertThat(masker.containsSecret("a b c")).isFalse();
    }
}
