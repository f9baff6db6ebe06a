#include "SvidVerifier.h"

#include <QHash>

#include "PkiOpenSsl.h"

namespace gatehouse {

using namespace pki;

struct SvidVerifier::Private
{
    QHash<QString, std::shared_ptr<X509_STORE>> stores; ///< trust domain -> its roots
};

namespace {

std::unexpected<Error> refused(const QString& why)
{
    return fail(ErrorCode::AuthenticationFailed, why);
}

} // namespace

SvidVerifier::SvidVerifier(const QList<TrustBundle>& bundles) : d(std::make_unique<Private>())
{
    for (const TrustBundle& b : bundles) {
        std::shared_ptr<X509_STORE> store(X509_STORE_new(), X509_STORE_free);
        if (!store)
            continue;
        for (const auto& cert : certificatesFromPem(b.pem))
            X509_STORE_add_cert(store.get(), cert.get()); // takes its own reference
        d->stores.insert(b.trustDomain, store);
    }
}

SvidVerifier::~SvidVerifier() = default;

Result<VerifiedWorkload> SvidVerifier::verify(const QList<QByteArray>& derChain, const QDateTime& now) const
{
    if (derChain.isEmpty())
        return refused(QStringLiteral("no client certificate"));
    if (derChain.size() > 5)
        return refused(QStringLiteral("the client certificate chain is longer than 5"));
    X509Ptr leaf = certificateFromDer(derChain.first());
    if (!leaf)
        return refused(QStringLiteral("the client certificate cannot be decoded"));

    const QList<QString> uris = uriSans(leaf.get());
    if (uris.size() != 1)
        return refused(
            QStringLiteral("an X.509-SVID must carry exactly one URI SAN (found %1)").arg(uris.size()));
    auto id = SpiffeId::parseWorkload(uris.first());
    if (!id)
        return refused(QStringLiteral("the URI SAN is not a workload SPIFFE ID: %1").arg(id.error().message));
    if (X509_check_ca(leaf.get()) != 0)
        return refused(QStringLiteral("the client certificate is a CA certificate, not an X.509-SVID"));
    const uint32_t ku = X509_get_key_usage(leaf.get());
    if (ku != UINT32_MAX && (!(ku & KU_DIGITAL_SIGNATURE) || (ku & KU_KEY_CERT_SIGN) || (ku & KU_CRL_SIGN)))
        return refused(QStringLiteral("the client certificate's key usage does not fit an X.509-SVID"));

    const auto store = d->stores.value(id->trustDomain());
    if (!store)
        return refused(QStringLiteral("no trust bundle for trust domain %1").arg(id->trustDomain()));

    X509StackPtr untrusted(sk_X509_new_null());
    for (qsizetype i = 1; i < derChain.size(); ++i) {
        X509Ptr c = certificateFromDer(derChain.at(i));
        if (!c)
            return refused(QStringLiteral("certificate %1 of the client chain cannot be decoded").arg(i + 1));
        sk_X509_push(untrusted.get(), c.release());
    }
    StoreCtxPtr ctx(X509_STORE_CTX_new());
    if (!ctx || X509_STORE_CTX_init(ctx.get(), store.get(), leaf.get(), untrusted.get()) != 1)
        return refused(
            QStringLiteral("certificate verification could not start: %1").arg(lastOpenSslError()));
    X509_VERIFY_PARAM* param = X509_STORE_CTX_get0_param(ctx.get());
    X509_VERIFY_PARAM_set_time(param, static_cast<time_t>(now.toSecsSinceEpoch()));
    X509_VERIFY_PARAM_set_purpose(param, X509_PURPOSE_SSL_CLIENT);
    X509_VERIFY_PARAM_set_depth(param, 4);
    X509_VERIFY_PARAM_set_flags(param, X509_V_FLAG_X509_STRICT);
    if (X509_verify_cert(ctx.get()) != 1) {
        const int code = X509_STORE_CTX_get_error(ctx.get());
        return refused(
            QStringLiteral("the client certificate does not verify against the trust bundle of %1: %2")
                .arg(id->trustDomain(), QString::fromLatin1(X509_verify_cert_error_string(code))));
    }
    VerifiedWorkload w{*id, {}, toDateTime(X509_get0_notAfter(leaf.get()))};
    const ASN1_INTEGER* serial = X509_get0_serialNumber(leaf.get());
    w.serialHex = QString::fromLatin1(
        QByteArray(reinterpret_cast<const char*>(ASN1_STRING_get0_data(serial)), ASN1_STRING_length(serial))
            .toHex());
    return w;
}

} // namespace gatehouse
