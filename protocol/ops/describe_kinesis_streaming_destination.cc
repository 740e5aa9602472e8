// DescribeKinesisStreamingDestination: the table's Kinesis destinations.
// ddbemu streams to no Kinesis stream, so every table has none:
// {"KinesisDataStreamDestinations": [], "TableName": ...}.
#include "engine/error.h"
#include "protocol/constraints.h"
#include "protocol/operation.h"

namespace ddb {

void DescribeKinesisStreamingDestinationOperation(OperationContext& ctx) {
  ConstraintViolations v;
  const std::string table = ReadTableNameOrArn(ctx.request, v);
  v.ThrowIfAny();
  const TableDescription d = ctx.engine.DescribeTable(table);  // a missing table: ResourceNotFoundException
  ctx.out.StartObject();
  ctx.out.Key("KinesisDataStreamDestinations");
  ctx.out.StartArray();
  ctx.out.EndArray();
  ctx.out.Key("TableName");
  WriteString(ctx.out, d.definition.name);
  ctx.out.EndObject();
}

}  // namespace ddb
