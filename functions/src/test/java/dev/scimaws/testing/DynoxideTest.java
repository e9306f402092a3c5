package dev.scimaws.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DynoxideTest {

    @ParameterizedTest
    @CsvSource({
            "Linux, amd64, linux-x64",
            "Linux, x86_64, linux-x64",
            "Linux, aarch64, linux-arm64",
            "Mac OS X, aarch64, darwin-arm64",
            "Mac OS X, x86_64, darwin-x64",
            "Windows 11, amd64, win32-x64",
            "Windows Server 2022, aarch64, win32-arm64"})
    void namesTheNpmPackageForTheHost(String osName, String osArch, String expected) {
        assertThat(Dynoxide.npmPlatform(osName, osArch)).hasValue(expected);
    }

    @ParameterizedTest
    @CsvSource({"FreeBSD, amd64", "Linux, s390x", "Linux, x86", "SunOS, sparcv9", "'', ''"})
    void knowsNoPackageForOtherPlatforms(String osName, String osArch) {
        assertThat(Dynoxide.npmPlatform(osName, osArch)).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void takesItsVersionFromTheParentPom() {
        assertThat(Dynoxide.VERSION).matches("\\d+\\.\\d+\\.\\d+.*");
    }
}
