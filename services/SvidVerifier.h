#pragma once

#include <memory>

#include <QByteArray>
#include <QDateTime>
#include <QList>

#include "Error.h"
#include "SpiffeId.h"
#include "TrustBundleStore.h"

namespace gatehouse {

/// A workload identity proven by a verified X.509-SVID.
struct VerifiedWorkload
{
    SpiffeId id;
    QString serialHex;
    QDateTime notAfter; ///< UTC
};

/// Verifies a client certificate chain as an X.509-SVID (spiffe/spiffe standards/X509-SVID.md
/// section 5) against per-trust-domain bundles, with OpenSSL's X509_verify_cert:
/// 1. the leaf has exactly one URI SAN, and it parses as a workload SPIFFE ID;
/// 2. the leaf is not a CA, and its keyUsage (if present) has digitalSignature and
///    neither keyCertSign nor cRLSign;
/// 3. the chain verifies against the bundle of that ID's trust domain only (another
///    domain's roots never vouch for it), at the injected time, for TLS client purpose
///    (extendedKeyUsage clientAuth when present), depth <= 4.
/// AuthenticationFailed with a reason fit for an audit record; never throws.
class SvidVerifier
{
public:
    explicit SvidVerifier(const QList<TrustBundle>& bundles);
    ~SvidVerifier();
    SvidVerifier(const SvidVerifier&) = delete;
    SvidVerifier& operator=(const SvidVerifier&) = delete;

    /// \a derChain: leaf first, then any intermediates the client sent.
    [[nodiscard]] Result<VerifiedWorkload> verify(const QList<QByteArray>& derChain,
                                                  const QDateTime& now) const;

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace gatehouse
