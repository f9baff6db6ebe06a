#include "CertificateAuthority.h"

#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/pem.h>

#include <QHostAddress>
#include <QRegularExpression>

#include "CryptoPrimitives.h"
#include "PkiOpenSsl.h"

namespace gatehouse {

using namespace pki;

namespace {

struct BnDeleter
{
    void operator()(BIGNUM* p) const { BN_free(p); }
};

std::unexpected<Error> cryptoFailure(const QString& what)
{
    return fail(ErrorCode::CryptoFailure, what + QStringLiteral(": ") + lastOpenSslError());
}

PkeyPtr generateP256()
{
    return PkeyPtr(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
}

QByteArray privateKeyToPem(EVP_PKEY* key)
{
    // Secure-heap BIO when available, so the PEM text does not linger in the normal heap.
    BioPtr bio(BIO_new(BIO_s_secmem()));
    if (!bio)
        bio.reset(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) != 1)
        return {};
    BUF_MEM* mem = nullptr;
    BIO_get_mem_ptr(bio.get(), &mem);
    return QByteArray(mem->data, static_cast<qsizetype>(mem->length));
}

PkeyPtr privateKeyFromPem(const QByteArray& pem)
{
    BioPtr bio(BIO_new_mem_buf(pem.constData(), static_cast<int>(pem.size())));
    return PkeyPtr(bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr) : nullptr);
}

bool setRandomSerial(X509* cert, QString* hex)
{
    auto bytes = CryptoPrimitives::randomBytes(16);
    if (!bytes)
        return false;
    (*bytes)[0] = static_cast<char>((*bytes)[0] & 0x7f); // positive
    if ((*bytes)[0] == 0)
        (*bytes)[0] = 0x01; // keep 16 significant bytes
    std::unique_ptr<BIGNUM, BnDeleter> bn(
        BN_bin2bn(reinterpret_cast<const unsigned char*>(bytes->constData()), 16, nullptr));
    if (!bn)
        return false;
    ASN1_INTEGER* serial = X509_get_serialNumber(cert);
    if (!BN_to_ASN1_INTEGER(bn.get(), serial))
        return false;
    *hex = QString::fromLatin1(bytes->toHex());
    return true;
}

bool addExtension(X509* cert, X509* issuer, int nid, const QByteArray& value)
{
    X509V3_CTX ctx;
    X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.constData());
    if (!ext)
        return false;
    const bool ok = X509_add_ext(cert, ext, -1) == 1;
    X509_EXTENSION_free(ext);
    return ok;
}

bool setName(X509_NAME* name, const char* field, const QString& value)
{
    const QByteArray v = value.toUtf8();
    return X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8,
                                      reinterpret_cast<const unsigned char*>(v.constData()),
                                      static_cast<int>(v.size()), -1, 0) == 1;
}

/// Everything a certificate has in common: version 3, serial, validity, subject, key.
Result<X509Ptr> newCertificate(EVP_PKEY* subjectKey, const QDateTime& notBefore, const QDateTime& notAfter,
                               const QList<std::pair<const char*, QString>>& subject, QString* serialHex)
{
    if (!notBefore.isValid() || !notAfter.isValid() || notAfter <= notBefore)
        return fail(ErrorCode::InvalidInput, QStringLiteral("the validity period is empty"));
    X509Ptr cert(X509_new());
    if (!cert || X509_set_version(cert.get(), X509_VERSION_3) != 1 || !setRandomSerial(cert.get(), serialHex))
        return cryptoFailure(QStringLiteral("cannot create a certificate"));
    if (!ASN1_TIME_set(X509_getm_notBefore(cert.get()), static_cast<time_t>(notBefore.toSecsSinceEpoch())) ||
        !ASN1_TIME_set(X509_getm_notAfter(cert.get()), static_cast<time_t>(notAfter.toSecsSinceEpoch())))
        return cryptoFailure(QStringLiteral("cannot set the validity period"));
    X509_NAME* name = X509_get_subject_name(cert.get());
    for (const auto& [field, value] : subject) {
        if (!setName(name, field, value))
            return cryptoFailure(QStringLiteral("cannot set the subject"));
    }
    if (X509_set_pubkey(cert.get(), subjectKey) != 1)
        return cryptoFailure(QStringLiteral("cannot set the public key"));
    return cert;
}

Result<IssuedCertificate> finish(X509* cert, EVP_PKEY* signingKey, EVP_PKEY* subjectKey,
                                 const QString& serial)
{
    if (X509_sign(cert, signingKey, EVP_sha256()) <= 0)
        return cryptoFailure(QStringLiteral("cannot sign the certificate"));
    IssuedCertificate out;
    out.certificatePem = certificateToPem(cert);
    out.privateKeyPem = privateKeyToPem(subjectKey);
    if (out.certificatePem.isEmpty() || out.privateKeyPem.isEmpty())
        return cryptoFailure(QStringLiteral("cannot encode the certificate"));
    out.serialHex = serial;
    out.sha256Fingerprint = sha256Fingerprint(cert);
    out.notBefore = toDateTime(X509_get0_notBefore(cert));
    out.notAfter = toDateTime(X509_get0_notAfter(cert));
    return out;
}

bool isHostName(const QString& name)
{
    static const QRegularExpression kHost(QStringLiteral(
        "^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$"));
    return kHost.match(name).hasMatch();
}

} // namespace

IssuedCertificate::~IssuedCertificate()
{
    CryptoPrimitives::cleanse(privateKeyPem);
}

CertificateAuthority::~CertificateAuthority() = default;

Result<CertificateAuthority> CertificateAuthority::create(const QString& trustDomain,
                                                          const QDateTime& notBefore, int validDays)
{
    auto td = SpiffeId::parse(QStringLiteral("spiffe://") + trustDomain);
    if (!td || !td->path().isEmpty())
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("\"%1\" is not a SPIFFE trust domain name").arg(trustDomain.left(255)));
    if (validDays < 1 || validDays > 3650)
        return fail(ErrorCode::InvalidInput, QStringLiteral("a CA is valid for 1 to 3650 days"));
    PkeyPtr key = generateP256();
    if (!key)
        return cryptoFailure(QStringLiteral("cannot generate the CA key"));
    QString serial;
    auto cert = newCertificate(key.get(), notBefore, notBefore.addDays(validDays),
                               {{"O", QStringLiteral("Gatehouse")},
                                {"CN", QStringLiteral("Gatehouse local CA for ") + td->trustDomain()}},
                               &serial);
    if (!cert)
        return std::unexpected(cert.error());
    X509* c = cert->get();
    if (X509_set_issuer_name(c, X509_get_subject_name(c)) != 1 ||
        !addExtension(c, c, NID_basic_constraints, "critical,CA:TRUE,pathlen:0") ||
        !addExtension(c, c, NID_key_usage, "critical,keyCertSign,cRLSign") ||
        !addExtension(c, c, NID_subject_key_identifier, "hash") ||
        !addExtension(c, c, NID_subject_alt_name, "URI:" + td->toString().toLatin1()))
        return cryptoFailure(QStringLiteral("cannot build the CA certificate"));
    auto issued = finish(c, key.get(), key.get(), serial);
    if (!issued)
        return std::unexpected(issued.error());
    CertificateAuthority ca;
    ca.m_trustDomain = td->trustDomain();
    ca.m_ca = *issued;
    return ca;
}

Result<CertificateAuthority> CertificateAuthority::load(const QByteArray& certificatePem,
                                                        const QByteArray& privateKeyPem)
{
    auto certs = certificatesFromPem(certificatePem);
    if (certs.size() != 1)
        return fail(ErrorCode::CryptoFailure,
                    QStringLiteral("the CA certificate file must hold one certificate"));
    PkeyPtr key = privateKeyFromPem(privateKeyPem);
    if (!key)
        return cryptoFailure(QStringLiteral("cannot read the CA key"));
    X509* c = certs.front().get();
    if (X509_check_private_key(c, key.get()) != 1)
        return cryptoFailure(QStringLiteral("the CA key does not belong to the CA certificate"));
    if (X509_check_ca(c) == 0)
        return fail(ErrorCode::CryptoFailure, QStringLiteral("the CA certificate is not a CA"));
    CertificateAuthority ca;
    ca.m_trustDomain = trustDomainOf(certificatePem);
    if (ca.m_trustDomain.isEmpty())
        return fail(ErrorCode::CryptoFailure,
                    QStringLiteral("the CA certificate names no SPIFFE trust domain (URI SAN spiffe://...)"));
    ca.m_ca.certificatePem = certificateToPem(c);
    ca.m_ca.privateKeyPem = privateKeyPem;
    ca.m_ca.sha256Fingerprint = sha256Fingerprint(c);
    ca.m_ca.notBefore = toDateTime(X509_get0_notBefore(c));
    ca.m_ca.notAfter = toDateTime(X509_get0_notAfter(c));
    return ca;
}

QString CertificateAuthority::trustDomainOf(const QByteArray& certificatePem)
{
    auto certs = certificatesFromPem(certificatePem);
    if (certs.empty())
        return {};
    for (const QString& uri : uriSans(certs.front().get())) {
        auto id = SpiffeId::parse(uri);
        if (id)
            return id->trustDomain();
    }
    return {};
}

Result<IssuedCertificate> CertificateAuthority::issueServer(const QStringList& dnsNames,
                                                            const QStringList& ipAddresses,
                                                            const QDateTime& notBefore,
                                                            const QDateTime& notAfter) const
{
    if (dnsNames.isEmpty() && ipAddresses.isEmpty())
        return fail(ErrorCode::InvalidInput, QStringLiteral("a server certificate needs at least one name"));
    QStringList san;
    for (const QString& n : dnsNames) {
        if (!isHostName(n))
            return fail(ErrorCode::InvalidInput,
                        QStringLiteral("\"%1\" is not a host name").arg(n.left(253)));
        san << QStringLiteral("DNS:") + n;
    }
    for (const QString& ip : ipAddresses) {
        QHostAddress address;
        if (!address.setAddress(ip))
            return fail(ErrorCode::InvalidInput,
                        QStringLiteral("\"%1\" is not an IP address").arg(ip.left(64)));
        san << QStringLiteral("IP:") + address.toString();
    }
    auto caCerts = certificatesFromPem(m_ca.certificatePem);
    PkeyPtr caKey = privateKeyFromPem(m_ca.privateKeyPem);
    if (caCerts.empty() || !caKey)
        return cryptoFailure(QStringLiteral("the CA is unusable"));
    PkeyPtr key = generateP256();
    if (!key)
        return cryptoFailure(QStringLiteral("cannot generate the server key"));
    QString serial;
    auto cert = newCertificate(key.get(), notBefore, notAfter,
                               {{"O", QStringLiteral("Gatehouse")},
                                {"CN", dnsNames.isEmpty() ? ipAddresses.first() : dnsNames.first()}},
                               &serial);
    if (!cert)
        return std::unexpected(cert.error());
    X509* c = cert->get();
    X509* issuer = caCerts.front().get();
    if (X509_set_issuer_name(c, X509_get_subject_name(issuer)) != 1 ||
        !addExtension(c, issuer, NID_basic_constraints, "critical,CA:FALSE") ||
        !addExtension(c, issuer, NID_key_usage, "critical,digitalSignature") ||
        !addExtension(c, issuer, NID_ext_key_usage, "serverAuth") ||
        !addExtension(c, issuer, NID_subject_key_identifier, "hash") ||
        !addExtension(c, issuer, NID_authority_key_identifier, "keyid:always") ||
        !addExtension(c, issuer, NID_subject_alt_name, san.join(QLatin1Char(',')).toLatin1()))
        return cryptoFailure(QStringLiteral("cannot build the server certificate"));
    return finish(c, caKey.get(), key.get(), serial);
}

Result<IssuedCertificate> CertificateAuthority::issueSvid(const SpiffeId& id, const QDateTime& notBefore,
                                                          const QDateTime& notAfter) const
{
    if (id.trustDomain() != m_trustDomain)
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("%1 is not in the trust domain of the local CA (%2)")
                        .arg(id.toString(), m_trustDomain));
    if (id.path().isEmpty())
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("an X.509-SVID needs a workload SPIFFE ID with a path"));
    auto caCerts = certificatesFromPem(m_ca.certificatePem);
    PkeyPtr caKey = privateKeyFromPem(m_ca.privateKeyPem);
    if (caCerts.empty() || !caKey)
        return cryptoFailure(QStringLiteral("the CA is unusable"));
    PkeyPtr key = generateP256();
    if (!key)
        return cryptoFailure(QStringLiteral("cannot generate the SVID key"));
    QString serial;
    // The subject carries no identity: the URI SAN is the identity (X509-SVID section 2).
    auto cert =
        newCertificate(key.get(), notBefore, notAfter,
                       {{"O", QStringLiteral("Gatehouse")}, {"OU", QStringLiteral("workload")}}, &serial);
    if (!cert)
        return std::unexpected(cert.error());
    X509* c = cert->get();
    X509* issuer = caCerts.front().get();
    // SpiffeId::parse admits no ',' or other characters that are special to the v3 config syntax.
    if (X509_set_issuer_name(c, X509_get_subject_name(issuer)) != 1 ||
        !addExtension(c, issuer, NID_basic_constraints, "critical,CA:FALSE") ||
        !addExtension(c, issuer, NID_key_usage, "critical,digitalSignature") ||
        !addExtension(c, issuer, NID_ext_key_usage, "clientAuth") ||
        !addExtension(c, issuer, NID_subject_key_identifier, "hash") ||
        !addExtension(c, issuer, NID_authority_key_identifier, "keyid:always") ||
        !addExtension(c, issuer, NID_subject_alt_name, "URI:" + id.toString().toLatin1()))
        return cryptoFailure(QStringLiteral("cannot build the X.509-SVID"));
    return finish(c, caKey.get(), key.get(), serial);
}

} // namespace gatehouse
