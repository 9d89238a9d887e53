import { Construct } from 'constructs';
import { App, S3Backend, TerraformOutput, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { SagemakerNotebookInstance } from '@cdktf/provider-aws/lib/sagemaker-notebook-instance';

// Nightly export of online-store snapshots for the analysts.
class OnlineExport extends Construct {
  public readonly bucket: S3Bucket;

  constructor(scope: Construct, id: string, key: KmsKey) {
    super(scope, id);
    this.bucket = new S3Bucket(this, 'bucket', { bucketPrefix: 'acme-online-store-export-' });
    new S3BucketServerSideEncryptionConfigurationA(this, 'sse', {
      bucket: this.bucket.id,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: key.arn } }],
    });
  }
}

class OnlineStoreStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);

    new S3Backend(this, { bucket: 'acme-ml-terraform-state', key: 'online-store.tfstate', region: 'us-east-1' });
    new AwsProvider(this, 'aws', { region: 'us-east-1', defaultTags: [{ tags: { repo: 'acme-ml/feature-store-cdk' } }] });

    const key = new KmsKey(this, 'feature-key', {
      description: 'online store exports',
      enableKeyRotation: false,
    });

    const role = new IamRole(this, 'notebook-role', {
      name: 'online-store-notebook',
      assumeRolePolicy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole' }],
      }),
    });

    new OnlineExport(this, 'export', key);

    const nb = new SagemakerNotebookInstance(this, 'feature-explorer', {
      name: 'online-store-explorer',
      instanceType: 'ml.t3.medium',
      roleArn: role.arn,
      kmsKeyId: key.arn,
      directInternetAccess: 'Enabled',
    });

    new TerraformOutput(this, 'notebook_url', { value: nb.url });
  }
}

const app = new App();
new OnlineStoreStack(app, 'online-store');
app.synth();
