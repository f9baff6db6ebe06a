#include "PkiOpenSsl.h"

#include <openssl/err.h>
#include <openssl/pem.h>

#include "CryptoPrimitives.h"

namespace gatehouse::pki {

std::vector<X509Ptr> certificatesFromPem(const QByteArray& pem)
{
    std::vector<X509Ptr> out;
    BioPtr bio(BIO_new_mem_buf(pem.constData(), static_cast<int>(pem.size())));
    if (!bio)
        return out;
    while (true) {
        X509* cert = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr);
        if (!cert)
            break;
        out.push_back(X509Ptr(cert));
    }
    ERR_clear_error(); // the loop ends on "no start line"
    return out;
}

X509Ptr certificateFromDer(const QByteArray& der)
{
    const auto* p = reinterpret_cast<const unsigned char*>(der.constData());
    X509Ptr cert(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
    if (!cert)
        ERR_clear_error();
    return cert;
}

QByteArray certificateToPem(X509* cert)
{
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_X509(bio.get(), cert) != 1)
        return {};
    BUF_MEM* mem = nullptr;
    BIO_get_mem_ptr(bio.get(), &mem);
    return QByteArray(mem->data, static_cast<qsizetype>(mem->length));
}

QByteArray certificateToDer(X509* cert)
{
    const int len = i2d_X509(cert, nullptr);
    if (len <= 0)
        return {};
    QByteArray der(len, Qt::Uninitialized);
    auto* p = reinterpret_cast<unsigned char*>(der.data());
    i2d_X509(cert, &p);
    return der;
}

QList<QString> uriSans(X509* cert)
{
    QList<QString> out;
    GeneralNamesPtr names(
        static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr)));
    if (!names)
        return out;
    for (int i = 0; i < sk_GENERAL_NAME_num(names.get()); ++i) {
        const GENERAL_NAME* n = sk_GENERAL_NAME_value(names.get(), i);
        if (n->type != GEN_URI)
            continue;
        const ASN1_STRING* s = n->d.uniformResourceIdentifier;
        // IA5String: bytes outside ASCII are not a valid URI; keep them visible as Latin-1
        // so that SpiffeId::parse refuses them rather than silently decoding.
        out << QString::fromLatin1(reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)),
                                   ASN1_STRING_length(s));
    }
    return out;
}

QString sha256Fingerprint(X509* cert)
{
    return QString::fromLatin1(CryptoPrimitives::sha256(certificateToDer(cert)).toHex());
}

QDateTime toDateTime(const ASN1_TIME* t)
{
    struct tm tmv
    {};
    if (!t || ASN1_TIME_to_tm(t, &tmv) != 1)
        return {};
    return QDateTime(QDate(tmv.tm_year + 1900, tmv.tm_mon + 1, tmv.tm_mday),
                     QTime(tmv.tm_hour, tmv.tm_min, tmv.tm_sec), Qt::UTC);
}

QString lastOpenSslError()
{
    const unsigned long code = ERR_get_error();
    ERR_clear_error();
    if (code == 0)
        return QStringLiteral("unknown OpenSSL error");
    char buf[256];
    ERR_error_string_n(code, buf, sizeof buf);
    return QString::fromLatin1(buf);
}

} // namespace gatehouse::pki
