package dev.i2v.model.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class UrlPrefixesTest {

    private final UrlPrefixes prefixes = new UrlPrefixes(List.of("https://images.example.org/claims"));

    @Test
    void allowsOnlyWhatLiesUnderAPrefix() {
        assertTrue(prefixes.allows(URI.create("https://images.example.org/claims/a.png")));
        assertTrue(prefixes.allows(URI.create("HTTPS://Images.Example.org/claims/x/../b.png")));
        assertFalse(prefixes.allows(URI.create("https://images.example.org/claims-other/a.png")), "a prefix ends at a '/'");
        assertFalse(prefixes.allows(URI.create("https://images.example.org.evil.example/claims/a.png")), "another host");
        assertFalse(prefixes.allows(URI.create("https://images.example.org@evil.example/claims/a.png")), "user info");
        assertFalse(prefixes.allows(URI.create("https://images.example.org/claims/../secret")), "dot segments leave the prefix");
        assertFalse(prefixes.allows(URI.create("https://images.example.org/claims/%2e%2e/secret")), "encoded dots");
        assertFalse(prefixes.allows(URI.create("https://images.example.org/claims/..%2fsecret")), "encoded slash");
        assertFalse(prefixes.allows(URI.create("http://images.example.org/claims/a.png")), "another scheme");
        assertFalse(prefixes.allows(URI.create("https://images.example.org:8443/claims/a.png")), "another port");
        assertFalse(new UrlPrefixes(List.of()).allows(URI.create("https://images.example.org/claims/a.png")), "none configured");
    }

    @Test
    void aPrefixMustBeAnHttpUrlWithAHost() {
        assertThrows(IllegalArgumentException.class, () -> new UrlPrefixes(List.of("file:///tmp/")));
        assertThrows(IllegalArgumentException.class, () -> new UrlPrefixes(List.of("https://user@host/")));
    }
}
