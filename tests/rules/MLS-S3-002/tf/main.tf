resource "aws_s3_bucket" "pass_with_block" {
  bucket = "pass-with-block"
}

resource "aws_s3_bucket_public_access_block" "b" {
  bucket = aws_s3_bucket.pass_with_block.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket" "fail_without_block" {
  bucket = "fail-without-block"
}

resource "aws_s3_bucket_public_access_block" "disabled" {
  count  = 0
  bucket = aws_s3_bucket.fail_block_not_deployed.id
}

resource "aws_s3_bucket" "fail_block_not_deployed" {
  bucket = "fail-block-not-deployed"
}

# Blocks made per bucket by iterating over the buckets themselves: each
# block refers to the one bucket it was made for. "raw" is filtered out of
# the blocks, so its bucket has none; "staged", merged in from another
# resource, has one.
resource "aws_s3_bucket" "pass_block_per_bucket" {
  for_each = toset(["curated", "features"])
  bucket   = "pass-${each.key}"
}

resource "aws_s3_bucket_public_access_block" "per_bucket" {
  for_each                = aws_s3_bucket.pass_block_per_bucket
  bucket                  = each.value.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket" "fail_filtered_out" {
  for_each = toset(["raw"])
  bucket   = "fail-${each.key}"
}

resource "aws_s3_bucket" "pass_merged_in" {
  for_each = toset(["staged"])
  bucket   = "pass-${each.key}"
}

resource "aws_s3_bucket_public_access_block" "filtered" {
  for_each = {
    for k, b in merge(aws_s3_bucket.fail_filtered_out, aws_s3_bucket.pass_merged_in) :
    "${k}-block" => b if k != "raw"
  }
  bucket = each.value.id
}

# The block names the bucket by the same string: it is that bucket's.
resource "aws_s3_bucket" "pass_block_by_name" {
  bucket = "features-by-name"
}

resource "aws_s3_bucket_public_access_block" "by_name" {
  bucket                  = "features-by-name"
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

# A block naming a bucket this module does not declare links nothing.
resource "aws_s3_bucket" "fail_block_names_another" {
  bucket = "features-other"
}

resource "aws_s3_bucket_public_access_block" "elsewhere" {
  bucket                  = "features-somewhere-else"
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}
