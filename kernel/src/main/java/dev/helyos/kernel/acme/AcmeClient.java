package dev.helyos.kernel.acme;

import dev.helyos.kernel.certs.IssueFailure;
import dev.helyos.kernel.certs.Issuer;
import dev.helyos.kernel.certs.KeyPairs;
import dev.helyos.kernel.certs.Keys;
import dev.helyos.kernel.certs.RenewalSchedule;
import dev.helyos.kernel.secrets.Sealer;
import dev.helyos.kernel.tls.Pem;
import dev.helyos.plugin.api.StateStore;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.OrderBuilder;
import org.shredzone.acme4j.PollableResource;
import org.shredzone.acme4j.RenewalInfo;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Http01Challenge;
import org.shredzone.acme4j.connector.Resource;
import org.shredzone.acme4j.exception.AcmeException;
import org.shredzone.acme4j.exception.AcmeNetworkException;
import org.shredzone.acme4j.exception.AcmeRateLimitedException;
import org.shredzone.acme4j.exception.AcmeServerException;
import org.shredzone.acme4j.util.KeyPairUtils;

/**
 * Talks ACME to one CA for one account (email): the account key is made once and kept sealed in
 * the store; an order is validated with HTTP-01 through helyosd's challenge listener (the token goes
 * into the store, so any node answers), finalized with a new key, and its chain downloaded. It polls
 * the CA quickly (50 ms doubling to 1 s) unless the CA says when to come back. When the CA offers
 * renewal information (ARI, RFC 9773) it tells when to renew, and a renewal order names the certificate
 * it replaces.
 */
public final class AcmeClient implements Issuer {
    private static final Duration FIRST_POLL = Duration.ofMillis(50);
    private static final Duration MAX_POLL = Duration.ofSeconds(1);
    private static final Duration ORDER_TIMEOUT = Duration.ofMinutes(3);
    /** How often to ask about renewal information when the CA sends no Retry-After (Let's Encrypt's advice). */
    private static final Duration DEFAULT_RENEWAL_INFO_CHECK = Duration.ofHours(6);

    private final CaDirectory ca;
    private final String email;
    private final StateStore store;
    private final Sealer sealer;
    private final boolean rsa;
    private Login login;

    public AcmeClient(CaDirectory ca, String email, StateStore store, Sealer sealer, boolean rsa) {
        this.ca = ca;
        this.email = email;
        this.store = store;
        this.sealer = sealer;
        this.rsa = rsa;
    }

    @Override
    public String id() {
        return ACME;
    }

    @Override
    public String description() {
        return "ACME CA " + ca.id() + " (" + ca.url() + "), account " + email;
    }

    @Override
    public Issued issue(String domain, X509Certificate replacing) throws IssueFailure, InterruptedException {
        try {
            return order(domain, replacing);
        } catch (IssueFailure e) {
            if (!(e.getCause() instanceof AcmeServerException server)) {
                throw e;
            }
            if (accountGone(server)) {
                // the CA forgot the account (a reset test CA, a deactivation): register the same key again, once
                forgetAccount();
                return order(domain, replacing);
            }
            if (String.valueOf(server.getType()).endsWith(":alreadyReplaced")) {
                // an earlier order already claimed to replace it (and failed): order without the claim
                return order(domain, null);
            }
            throw e;
        }
    }

    /**
     * Asks the CA's renewal information (RFC 9773) about {@code leaf}; empty when its directory has none.
     * The renewal time is picked at random in the window, or now when the window has passed.
     */
    @Override
    public Optional<SuggestedWindow> suggestedWindow(X509Certificate leaf) throws IssueFailure {
        try {
            Login account = login();
            if (!offersRenewalInfo(account)) {
                return Optional.empty();
            }
            RenewalInfo info = account.bindRenewalInfo(leaf);
            Instant askAgain = info.fetch().orElse(Instant.now().plus(DEFAULT_RENEWAL_INFO_CHECK));
            Instant start = info.getSuggestedWindowStart();
            Instant end = info.getSuggestedWindowEnd();
            Instant now = Instant.now();
            Instant renewAt = RenewalSchedule.inCaWindow(now, start, end, ThreadLocalRandom.current().nextDouble());
            return Optional.of(new SuggestedWindow(start, end, renewAt, info.getExplanation().map(Object::toString).orElse(null),
                    askAgain));
        } catch (AcmeNetworkException e) {
            throw new IssueFailure("cannot reach the CA's renewal information at " + ca.url() + ": " + rootMessage(e), null, e);
        } catch (AcmeException | RuntimeException e) {
            throw new IssueFailure("the CA's renewal information failed: " + rootMessage(e), null, e);
        }
    }

    private static boolean offersRenewalInfo(Login account) throws AcmeException {
        return account.getSession().resourceUrlOptional(Resource.RENEWAL_INFO).isPresent();
    }

    private static boolean accountGone(AcmeServerException e) {
        String type = String.valueOf(e.getType());
        return type.endsWith(":accountDoesNotExist") || type.endsWith(":unauthorized");
    }

    private Issued order(String domain, X509Certificate replacing) throws IssueFailure, InterruptedException {
        try {
            Login account = login();
            OrderBuilder builder = account.newOrder().domain(domain);
            if (replacing != null && offersRenewalInfo(account)) {
                builder.replaces(replacing);
            }
            Order order = builder.create();
            long deadline = System.nanoTime() + ORDER_TIMEOUT.toNanos();
            for (Authorization auth : order.getAuthorizations()) {
                if (auth.getStatus() != Status.VALID) {
                    validate(auth, deadline);
                }
            }
            KeyPair key = KeyPairs.generate(rsa);
            order.execute(key);
            Status status = poll(order, EnumSet.of(Status.VALID, Status.INVALID), deadline);
            if (status != Status.VALID) {
                throw new IssueFailure("the CA did not issue the certificate: " + order.getError().map(Object::toString)
                        .orElse("order " + status.name().toLowerCase()), null, null);
            }
            return new Issued(order.getCertificate().getCertificateChain(), key);
        } catch (AcmeRateLimitedException e) {
            throw new IssueFailure("rate limited by the CA: " + problem(e), e.getRetryAfter().orElse(null), e);
        } catch (AcmeServerException e) {
            throw new IssueFailure("the CA refused: " + problem(e), null, e);
        } catch (AcmeNetworkException e) {
            throw new IssueFailure("cannot reach the CA at " + ca.url() + ": " + rootMessage(e), null, e);
        } catch (AcmeException e) {
            throw new IssueFailure("ACME failed: " + rootMessage(e), null, e);
        }
    }

    private void validate(Authorization auth, long deadline) throws AcmeException, IssueFailure, InterruptedException {
        Http01Challenge challenge = auth.findChallenge(Http01Challenge.class).orElseThrow(() -> new IssueFailure(
                "the CA offers no HTTP-01 challenge for " + auth.getIdentifier().getDomain(), null, null));
        String key = Keys.HTTP01_CHALLENGES + challenge.getToken();
        store.put(key, challenge.getAuthorization().getBytes(StandardCharsets.US_ASCII));
        try {
            challenge.trigger();
            Status status = poll(challenge, EnumSet.of(Status.VALID, Status.INVALID), deadline);
            if (status != Status.VALID) {
                throw new IssueFailure("validation failed for " + auth.getIdentifier().getDomain() + ": "
                        + challenge.getError().map(p -> p.getDetail().orElse(p.toString())).orElse("challenge invalid"), null, null);
            }
        } finally {
            store.delete(key);
        }
    }

    /** Fetches until the resource reaches one of {@code done}; the CA's Retry-After wins over our pace. */
    private static Status poll(PollableResource resource, Set<Status> done, long deadline)
            throws AcmeException, IssueFailure, InterruptedException {
        Duration pause = FIRST_POLL;
        while (true) {
            Optional<Instant> retryAfter = resource.fetch();
            Status status = resource.getStatus();
            if (done.contains(status)) {
                return status;
            }
            if (System.nanoTime() > deadline) {
                throw new IssueFailure("the CA took longer than " + ORDER_TIMEOUT.toMinutes() + " minutes (still "
                        + status.name().toLowerCase() + ")", null, null);
            }
            long wait = pause.toMillis();
            if (retryAfter.isPresent()) {
                wait = Math.max(0, Duration.between(Instant.now(), retryAfter.get()).toMillis());
            }
            Thread.sleep(Math.max(10, wait));
            pause = pause.multipliedBy(2).compareTo(MAX_POLL) > 0 ? MAX_POLL : pause.multipliedBy(2);
        }
    }

    private synchronized Login login() throws AcmeException, IssueFailure {
        if (login == null) {
            Session session = new Session(ca.url(), new TrustingProvider(sslContext()));
            AccountBuilder builder = new AccountBuilder().addEmail(email).agreeToTermsOfService().useKeyPair(accountKey());
            if (ca.eabKid() != null) {
                builder.withKeyIdentifier(ca.eabKid(), ca.eabHmacKey());
            }
            login = builder.createLogin(session);
        }
        return login;
    }

    /** The account key for this CA and email, made on first use and kept sealed. */
    private KeyPair accountKey() throws IssueFailure {
        String key = Keys.acmeAccount(ca.id(), email);
        String context = key;
        try {
            Optional<byte[]> sealed = store.get(key);
            if (sealed.isPresent()) {
                String pem = new String(sealer.open(context, sealed.get()), StandardCharsets.US_ASCII);
                return KeyPairUtils.readKeyPair(new StringReader(pem));
            }
            KeyPair pair = KeyPairUtils.createECKeyPair("secp256r1");
            StringWriter pem = new StringWriter();
            KeyPairUtils.writeKeyPair(pair, pem);
            store.compareAndSet(key, null, sealer.seal(context, pem.toString().getBytes(StandardCharsets.US_ASCII)));
            return accountKey();
        } catch (IOException e) {
            throw new IssueFailure("the stored ACME account key is unreadable: " + e.getMessage(), null, e);
        }
    }

    /** An account the CA no longer knows is registered again. */
    private synchronized void forgetAccount() {
        login = null;
    }

    private SSLContext sslContext() throws IssueFailure {
        try {
            if (ca.trustRoot() == null) {
                return SSLContext.getDefault();
            }
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            int i = 0;
            for (X509Certificate root : Pem.certificates(Files.readString(ca.trustRoot()))) {
                trust.setCertificateEntry("acme-root-" + i++, root);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
            return ssl;
        } catch (Exception e) {
            throw new IssueFailure("cannot trust --acme-ca-root " + ca.trustRoot() + ": " + e.getMessage(), null, e);
        }
    }

    private static String problem(AcmeServerException e) {
        return e.getProblem().getDetail().orElse(e.getMessage());
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
