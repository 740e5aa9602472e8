// The STS calls that tools make of the endpoint they are given, answered on
// DynamoDB's port: the AWS CLI and SDKs send STS there too when
// AWS_ENDPOINT_URL names ddbemu (a workshop script begins with
// `aws sts get-caller-identity` to build a table's ARN).
//
// STS speaks the Query protocol: a form-encoded POST (Action=...&Version=
// 2011-06-15) answered in XML. GetCallerIdentity reports the account whose
// tables the caller's key reaches, so ARNs built from it name real tables.
// GetSessionToken and AssumeRole hand out credentials that ddbemu then maps
// to the same account (AssumeRole: the role's account). Other actions get
// STS's own InvalidAction error.
#pragma once

#include <string_view>

#include "engine/namespaces.h"
#include "protocol/dispatcher.h"

namespace ddb {

// `parameters` is the form body of a POST, or the query string of a GET.
ProtocolResponse HandleSts(std::string_view parameters, bool from_query, const RequestInfo& info,
                           Namespaces& namespaces);

}  // namespace ddb
