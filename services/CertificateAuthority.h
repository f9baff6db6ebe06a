#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <QStringList>

#include "Error.h"
#include "SpiffeId.h"

namespace gatehouse {

/// A certificate with its private key, both PEM. The key is wiped when the value dies.
struct IssuedCertificate
{
    IssuedCertificate() = default;
    IssuedCertificate(const IssuedCertificate&) = default;
    IssuedCertificate& operator=(const IssuedCertificate&) = default;
    ~IssuedCertificate();

    QByteArray certificatePem;
    QByteArray privateKeyPem; ///< PKCS#8, unencrypted: write it with mode 0600, never log it
    QString serialHex;
    QString sha256Fingerprint; ///< hex of SHA-256 over the DER certificate
    QDateTime notBefore;       ///< UTC
    QDateTime notAfter;        ///< UTC
};

/// A local X.509 certificate authority for one SPIFFE trust domain (OpenSSL 3 EVP/X509,
/// ECDSA P-256 keys with SHA-256 signatures: the key type every TLS stack, Qt 6.4's
/// OpenSSL backend included, accepts for both server and client certificates).
///
/// Profiles:
/// - CA: self-signed, basicConstraints critical CA:TRUE pathlen:0, keyUsage critical
///   keyCertSign+cRLSign, URI SAN = the trust domain's SPIFFE ID ("spiffe://td").
/// - Server: CA:FALSE, keyUsage digitalSignature, extendedKeyUsage serverAuth, SAN DNS/IP.
/// - X.509-SVID (spiffe/spiffe standards/X509-SVID.md): CA:FALSE, keyUsage critical
///   digitalSignature, extendedKeyUsage clientAuth, exactly one URI SAN = the SPIFFE ID;
///   the subject carries no identity (no CN).
/// Serial numbers are 128-bit random positive integers. OpenSSL stays out of this header.
class CertificateAuthority
{
public:
    /// New CA with a fresh key, valid from \a notBefore for \a validDays.
    [[nodiscard]] static Result<CertificateAuthority> create(const QString& trustDomain,
                                                             const QDateTime& notBefore, int validDays);
    /// Loads a CA written by create(). CryptoFailure when the PEM is unreadable, the key does
    /// not belong to the certificate, or the certificate is not a CA.
    [[nodiscard]] static Result<CertificateAuthority> load(const QByteArray& certificatePem,
                                                           const QByteArray& privateKeyPem);

    CertificateAuthority(const CertificateAuthority&) = default;
    CertificateAuthority& operator=(const CertificateAuthority&) = default;
    ~CertificateAuthority();

    QString trustDomain() const { return m_trustDomain; }
    const IssuedCertificate& certificate() const { return m_ca; }

    /// TLS server certificate for \a dnsNames and \a ipAddresses (at least one in total).
    /// InvalidInput when a name is not a plain host name or an IP address.
    [[nodiscard]] Result<IssuedCertificate> issueServer(const QStringList& dnsNames,
                                                        const QStringList& ipAddresses,
                                                        const QDateTime& notBefore,
                                                        const QDateTime& notAfter) const;
    /// X.509-SVID for \a id. InvalidInput when \a id is not in this CA's trust domain or
    /// notAfter <= notBefore.
    [[nodiscard]] Result<IssuedCertificate> issueSvid(const SpiffeId& id, const QDateTime& notBefore,
                                                      const QDateTime& notAfter) const;

    /// Trust domain named by the first "spiffe://td" URI SAN of a PEM certificate, if any.
    static QString trustDomainOf(const QByteArray& certificatePem);

private:
    CertificateAuthority() = default;
    QString m_trustDomain;
    IssuedCertificate m_ca;
};

} // namespace gatehouse
