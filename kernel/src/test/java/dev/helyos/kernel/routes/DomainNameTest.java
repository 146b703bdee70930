package dev.helyos.kernel.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DomainNameTest {
    @ParameterizedTest
    @CsvSource({"api.example.com, api.example.com", "API.Example.COM, api.example.com", "example.com., example.com",
            "bücher.example, xn--bcher-kva.example", "BÜCHER.example, xn--bcher-kva.example",
            "xn--bcher-kva.example, xn--bcher-kva.example", "a-b.c-d.example, a-b.c-d.example", "1.2.3.example, 1.2.3.example",
            "例え.テスト, xn--r8jz45g.xn--zckzah"})
    void normalizesToLowercasePunycode(String input, String ascii) {
        DomainName name = DomainName.parse(input);
        assertEquals(ascii, name.ascii());
        assertEquals(name, DomainName.parse(ascii));
    }

    @Test
    void decodesForPeople() {
        assertEquals("bücher.example", DomainName.parse("xn--bcher-kva.example").unicode());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "a.example.com;} server {|';' is not allowed",
            "*.example.com|a wildcard ('*') is not allowed",
            "api.*.example.com|a wildcard ('*') is not allowed",
            "example.com:443|a port (':') is not allowed",
            "example.com/path|'/' is not allowed",
            "'exa mple.com'|whitespace is not allowed",
            "'a\tb.com'|whitespace is not allowed",
            "a\"b.com|'\"' is not allowed",
            "a{b}.com|'{' is not allowed",
            "a_b.com|'_' is not allowed",
            "a..com|it has an empty label",
            ".com|it has an empty label",
            "-a.com|label '-a' must not start or end with '-'",
            "a-.com|label 'a-' must not start or end with '-'",
            "localhost|it needs at least two labels",
            "10.0.0.5|an IP address is not a domain name",
            "''|it is empty"})
    void rejectsWithTheReason(String input, String reason) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DomainName.parse(input));
        assertEquals(reason, e.getMessage());
    }

    @Test
    void limitsLabelAndNameLength() {
        assertEquals("a label is longer than 63 characters",
                assertThrows(IllegalArgumentException.class, () -> DomainName.parse("a".repeat(64) + ".com")).getMessage());
        String label = "a".repeat(63);
        String name253 = String.join(".", label, label, label, "a".repeat(61));
        assertEquals(253, DomainName.parse(name253).ascii().length());
        assertThrows(IllegalArgumentException.class, () -> DomainName.parse(name253 + "a"));
    }

    @Test
    void wildcardsOnlyWhenAskedFor() {
        DomainName wildcard = DomainName.parseAllowingWildcard("*.Example.com");
        assertEquals("*.example.com", wildcard.ascii());
        assertTrue(wildcard.isWildcard());
        assertFalse(DomainName.parseAllowingWildcard("example.com").isWildcard());
        assertThrows(IllegalArgumentException.class, () -> DomainName.parseAllowingWildcard("*.*.example.com"));
        assertThrows(IllegalArgumentException.class, () -> DomainName.parseAllowingWildcard("*"));
    }
}
