package org.mailpolicy.james;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import org.apache.commons.configuration2.PropertiesConfiguration;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailpolicy.dkim.DkimKeyGenerator;
import org.mailpolicy.dkim.DkimResult;
import org.mailpolicy.dkim.DkimSignatureResult;
import org.mailpolicy.dkim.DkimSigner;
import org.mailpolicy.dkim.DkimVerifier;
import org.mailpolicy.dkim.DkimVerifierOptions;
import org.mailpolicy.dkim.GeneratedDkimKey;
import org.mailpolicy.dns.InMemoryResolver;

class DkimSigningKeysTest {

    private static final GeneratedDkimKey RSA = DkimKeyGenerator.rsa(1024);
    private static final GeneratedDkimKey ED25519 = DkimKeyGenerator.ed25519();
    private static final byte[] MESSAGE = "From: a@example.com\r\nSubject: keys\r\n\r\nBody.\r\n".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    private static PropertiesConfiguration properties(String text) throws Exception {
        return TestProperties.of(text);
    }

    /** Resolves {@code file://conf/x} to {@code dir/conf/x} as James's FileSystem does, other names as paths. */
    private File resolve(String name) {
        return name.startsWith("file://conf/") ? dir.resolve("conf").resolve(name.substring("file://conf/".length())).toFile() : new File(name);
    }

    private Path file(String name, String text, String permissions) throws Exception {
        Path file = Files.writeString(dir.resolve(name), text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
        return file;
    }

    private static String pkcs1Pem(GeneratedDkimKey key) throws Exception {
        byte[] pkcs8 = Base64.getMimeDecoder().decode(key.privateKeyPem().replaceAll("-----[A-Z ]+-----", ""));
        byte[] pkcs1 = PrivateKeyInfo.getInstance(pkcs8).parsePrivateKey().toASN1Primitive().getEncoded();
        return "-----BEGIN RSA PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(pkcs1) + "\n-----END RSA PRIVATE KEY-----\n";
    }

    private static String ed25519Seed() {
        byte[] der = Base64.getMimeDecoder().decode(ED25519.privateKeyPem().replaceAll("-----[A-Z ]+-----", ""));
        return Base64.getEncoder().encodeToString(Arrays.copyOfRange(der, der.length - 32, der.length));
    }

    /** Signs with {@code domain}'s signer and verifies against the test keys published under the selectors used here. */
    private static List<DkimSignatureResult> signAndVerify(DkimSigningKeys keys, String domain) {
        DkimSigner signer = keys.signers().get(domain);
        InMemoryResolver.Builder dns = InMemoryResolver.builder();
        for (String d : List.of("example.com", "example.org")) {
            dns.txt("rsa._domainkey." + d, RSA.dnsRecord()).txt("pkcs1._domainkey." + d, RSA.dnsRecord())
                    .txt("ed._domainkey." + d, ED25519.dnsRecord()).txt("seed._domainkey." + d, ED25519.dnsRecord());
        }
        return new DkimVerifier(dns.build(), DkimVerifierOptions.defaults()).verify(signer.signedMessage(MESSAGE)).join().signatures();
    }

    @Test
    void keyFilesInEachAcceptedFormatSignForTheirDomainAndSelector() throws Exception {
        Path pkcs8 = file("rsa.pem", RSA.privateKeyPem(), "rw-------");
        Path pkcs1 = file("pkcs1.pem", pkcs1Pem(RSA), "rw-------");
        Path ed = file("ed.pem", ED25519.privateKeyPem(), "rw-------");
        Path seed = file("seed.txt", ed25519Seed() + "\n", "rw-------");

        DkimSigningKeys keys = DkimSigningKeys.fromProperties(properties(
                "dkim.sign.keyFile.rsa._domainkey.example.com=" + pkcs8 + "\n"
                        + "dkim.sign.keyFile.pkcs1._domainkey.example.com=" + pkcs1 + "\n"
                        + "dkim.sign.keyFile.ed._domainkey.example.com=" + ed + "\n"
                        + "dkim.sign.keyFile.seed._domainkey.Example.ORG=" + seed + "\n"), this::resolve);

        assertThat(keys.domains()).containsExactly("example.com", "example.org");
        assertThat(signAndVerify(keys, "example.com")).extracting(s -> s.selector().orElseThrow() + "=" + s.result())
                .containsExactly("ed=PASS", "pkcs1=PASS", "rsa=PASS");
        assertThat(signAndVerify(keys, "example.org")).extracting(DkimSignatureResult::result).containsExactly(DkimResult.PASS);
        assertThat(keys.warnings()).isEmpty();
    }

    @Test
    void inlineKeysAreAnEd25519SeedOrAPemOnOneLineOrContinued() throws Exception {
        Files.createDirectories(dir.resolve("conf"));
        file("conf/mailpolicy.properties", "", "rw-------");
        String pem = RSA.privateKeyPem().strip();
        String continued = String.join("\\\n    ", pem.split("\n"));

        DkimSigningKeys keys = DkimSigningKeys.fromProperties(properties(
                "dkim.sign.key.seed._domainkey.example.com=" + ed25519Seed() + "\n"
                        + "dkim.sign.key.rsa._domainkey.example.com=" + continued + "\n"
                        + "dkim.sign.key.ed._domainkey.example.org=" + ED25519.privateKeyPem().replace("\n", "") + "\n"), this::resolve);

        assertThat(signAndVerify(keys, "example.com")).extracting(s -> s.selector().orElseThrow() + "=" + s.result())
                .containsExactly("rsa=PASS", "seed=PASS");
        assertThat(signAndVerify(keys, "example.org")).extracting(DkimSignatureResult::result).containsExactly(DkimResult.PASS);
        assertThat(keys.warnings()).isEmpty();
    }

    @Test
    void aKeyFileInJamesConfIsResolvedThroughJamesFileSystem() throws Exception {
        Files.createDirectories(dir.resolve("conf"));
        file("conf/ed.key", ED25519.privateKeyPem(), "rw-------");

        DkimSigningKeys keys = DkimSigningKeys.fromProperties(properties("dkim.sign.keyFile.ed._domainkey.example.com=file://conf/ed.key\n"),
                this::resolve);

        assertThat(signAndVerify(keys, "example.com")).extracting(DkimSignatureResult::result).containsExactly(DkimResult.PASS);
    }

    @Test
    void noKeyPropertiesMeansNoKeys() throws Exception {
        DkimSigningKeys keys = DkimSigningKeys.fromProperties(properties("authservId=mx.test\ndkim.maxSignatures=3\n"), this::resolve);

        assertThat(keys.isEmpty()).isTrue();
        assertThat(keys.signers()).isEmpty();
    }

    @Test
    void aMissingOrUnreadableKeyFileFailsAtStartUpNamingThePropertyAndTheFile() throws Exception {
        Path missing = dir.resolve("missing.key");
        assertThatThrownBy(() -> DkimSigningKeys.fromProperties(properties("dkim.sign.keyFile.s1._domainkey.example.com=" + missing + "\n"),
                this::resolve)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mailpolicy.properties: dkim.sign.keyFile.s1._domainkey.example.com=" + missing)
                .hasMessageContaining("does not exist");

        Path directory = Files.createDirectories(dir.resolve("a-directory.key"));
        assertThatThrownBy(() -> DkimSigningKeys.fromProperties(properties("dkim.sign.keyFile.s1._domainkey.example.com=" + directory + "\n"),
                this::resolve)).hasMessageContaining("dkim.sign.keyFile.s1._domainkey.example.com=" + directory)
                .hasMessageContaining("cannot be read");

        assertThatThrownBy(() -> DkimSigningKeys.fromProperties(properties("dkim.sign.keyFile.s1._domainkey.example.com=\n"), this::resolve))
                .hasMessageContaining("expected the path of a private key file");
    }

    @Test
    void aMalformedKeyFailsAtStartUpWithoutPrintingAnInlineKey() throws Exception {
        Path broken = file("broken.key", "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n", "rw-------");
        assertThatThrownBy(() -> DkimSigningKeys.fromProperties(properties("dkim.sign.keyFile.s1._domainkey.example.com=" + broken + "\n"),
                this::resolve)).hasMessageContaining("dkim.sign.keyFile.s1._domainkey.example.com=" + broken)
                .hasMessageContaining("malformed PKCS#1 RSA private key");

        String secret = ed25519Seed().substring(0, 40);
        assertThatThrownBy(() -> DkimSigningKeys.fromProperties(properties("dkim.sign.key.s1._domainkey.example.com=" + secret + "\n"),
                this::resolve)).hasMessageContaining("dkim.sign.key.s1._domainkey.example.com=<key not shown>")
                .hasMessageContaining("Ed25519 seed").hasMessageNotContaining(secret);
    }

    @Test
    void aPropertyNameThatIsNotSelectorDomainkeyDomainFailsAtStartUp() throws Exception {
        Path key = file("ed.key", ED25519.privateKeyPem(), "rw-------");
        for (String name : List.of("example.com.s1", "s1._domainkey.", "._domainkey.example.com")) {
            assertThatThrownBy(() -> DkimSigningKeys.fromProperties(properties("dkim.sign.keyFile." + name + "=" + key + "\n"), this::resolve))
                    .as(name).hasMessageContaining("dkim.sign.keyFile." + name + " is not a valid name")
                    .hasMessageContaining("expected dkim.sign.keyFile.<selector>._domainkey.<domain>");
        }
        assertThatThrownBy(() -> DkimSigningKeys.fromProperties(properties("dkim.sign.keyFile.-s1._domainkey.example.com=" + key + "\n"),
                this::resolve)).hasMessageContaining("dkim.sign.keyFile.-s1._domainkey.example.com").hasMessageContaining("selector");
    }

    @Test
    void aKeyFileReadableByOthersSignsButIsReportedAsAWarning() throws Exception {
        Path open = file("ed.key", ED25519.privateKeyPem(), "rw-r--r--");

        DkimSigningKeys keys = DkimSigningKeys.fromProperties(properties("dkim.sign.keyFile.ed._domainkey.example.com=" + open + "\n"),
                this::resolve);

        assertThat(keys.signers()).containsKey("example.com");
        assertThat(keys.warnings()).singleElement().asString().contains(open.toString()).contains("readable by other users")
                .contains("chmod 600");
    }

    @Test
    void inlineKeysInAMailpolicyPropertiesReadableByOthersAreReportedAsAWarning() throws Exception {
        Files.createDirectories(dir.resolve("conf"));
        Path properties = file("conf/mailpolicy.properties", "", "rw-r-----");

        DkimSigningKeys keys = DkimSigningKeys.fromProperties(properties("dkim.sign.key.seed._domainkey.example.com=" + ed25519Seed() + "\n"),
                this::resolve);

        assertThat(keys.warnings()).singleElement().asString().contains(properties.toString()).contains("holds DKIM private keys")
                .contains("readable by other users");
    }

    @Test
    void aKeyDirectoryIsReadAsDomainSlashSelectorDotKey() throws Exception {
        Files.createDirectories(dir.resolve("keys/Example.com"));
        Path open = file("keys/Example.com/rsa.key", RSA.privateKeyPem(), "rw-r--r--");
        file("keys/Example.com/ed.key", ED25519.privateKeyPem(), "rw-------");
        file("keys/Example.com/README", "not a key", "rw-r--r--");

        DkimSigningKeys keys = DkimSigningKeys.fromDirectory(dir.resolve("keys"));

        assertThat(signAndVerify(keys, "example.com")).extracting(s -> s.selector().orElseThrow() + "=" + s.result())
                .containsExactly("ed=PASS", "rsa=PASS");
        assertThat(keys.warnings()).singleElement().asString().contains(open.toString());
        Files.createDirectories(dir.resolve("empty"));
        assertThatThrownBy(() -> DkimSigningKeys.fromDirectory(dir.resolve("empty"))).hasMessageContaining("no keys in " + dir.resolve("empty"));
        assertThatThrownBy(() -> DkimSigningKeys.fromDirectory(dir.resolve("absent"))).hasMessageContaining("cannot load the keys in");
    }

    @Test
    void theSameSelectorFromPropertiesAndTheKeyDirectoryIsAnError() throws Exception {
        Files.createDirectories(dir.resolve("keys/example.com"));
        file("keys/example.com/ed.key", ED25519.privateKeyPem(), "rw-------");
        DkimSigningKeys fromProperties = DkimSigningKeys.fromProperties(
                properties("dkim.sign.key.ed._domainkey.EXAMPLE.com=" + ed25519Seed() + "\n"), this::resolve);

        assertThatThrownBy(() -> fromProperties.and(DkimSigningKeys.fromDirectory(dir.resolve("keys"))))
                .hasMessageContaining("selector ed of example.com is configured twice");
        assertThatThrownBy(() -> DkimSigningKeys.fromProperties(properties("dkim.sign.key.ed._domainkey.example.com=" + ed25519Seed() + "\n"
                + "dkim.sign.keyFile.ed._domainkey.example.com=" + dir.resolve("keys/example.com/ed.key") + "\n"), this::resolve))
                .hasMessageContaining("configured twice");
    }
}
