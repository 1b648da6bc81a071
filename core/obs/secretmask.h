#pragma once

#include <QString>

// Masks credentials wherever they may hide in free text (log lines, upstream error messages,
// error-log samples): Bearer/Basic tokens, auth header values, well-known key shapes (sk-...,
// rk-..., adm-..., AIza...) and the key=/api_key=/access_token= values of URLs. A masked
// secret looks like HeaderFilter::maskSecret's "sk-a…yz"; masking twice changes nothing.
namespace SecretMask {
QString apply(const QString &text);
} // namespace SecretMask
