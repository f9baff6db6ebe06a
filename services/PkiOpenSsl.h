#pragma once

// Private to the PKI .cpp files (CertificateAuthority, SvidVerifier, PkiService): OpenSSL
// handles with owning smart pointers. Never include this from a public header.

#include <memory>
#include <vector>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>

namespace gatehouse::pki {

struct X509Deleter
{
    void operator()(X509* p) const { X509_free(p); }
};
struct PkeyDeleter
{
    void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
struct BioDeleter
{
    void operator()(BIO* p) const { BIO_free_all(p); }
};
struct StoreDeleter
{
    void operator()(X509_STORE* p) const { X509_STORE_free(p); }
};
struct StoreCtxDeleter
{
    void operator()(X509_STORE_CTX* p) const { X509_STORE_CTX_free(p); }
};
struct GeneralNamesDeleter
{
    void operator()(GENERAL_NAMES* p) const { GENERAL_NAMES_free(p); }
};
struct X509StackDeleter
{
    void operator()(STACK_OF(X509) * p) const { sk_X509_pop_free(p, X509_free); }
};

using X509Ptr = std::unique_ptr<X509, X509Deleter>;
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyDeleter>;
using BioPtr = std::unique_ptr<BIO, BioDeleter>;
using StorePtr = std::unique_ptr<X509_STORE, StoreDeleter>;
using StoreCtxPtr = std::unique_ptr<X509_STORE_CTX, StoreCtxDeleter>;
using GeneralNamesPtr = std::unique_ptr<GENERAL_NAMES, GeneralNamesDeleter>;
using X509StackPtr = std::unique_ptr<STACK_OF(X509), X509StackDeleter>;

/// Every certificate in a PEM text, in order (non-certificate blocks are skipped).
std::vector<X509Ptr> certificatesFromPem(const QByteArray& pem);
X509Ptr certificateFromDer(const QByteArray& der);
QByteArray certificateToPem(X509* cert);
QByteArray certificateToDer(X509* cert);
/// Values of the URI entries of the subjectAltName extension.
QList<QString> uriSans(X509* cert);
QString sha256Fingerprint(X509* cert);
QDateTime toDateTime(const ASN1_TIME* t);
/// Last OpenSSL error as text (and clears the queue).
QString lastOpenSslError();

} // namespace gatehouse::pki
