// The recursive-descent grammar of the three expression languages. Used by
// ExpressionContext, which supplies placeholder resolution; call through
// ExpressionContext rather than directly.
#pragma once

#include <string_view>
#include <vector>

#include "engine/expression.h"
#include "engine/update_expression.h"

namespace ddb {

class ExpressionContext;

Condition ParseConditionGrammar(std::string_view text, const char* parameter, ExpressionContext& context);
UpdateExpression ParseUpdateGrammar(std::string_view text, const char* parameter, ExpressionContext& context);
std::vector<DocumentPath> ParseProjectionGrammar(std::string_view text, const char* parameter,
                                                 ExpressionContext& context);

}  // namespace ddb
