import * as cdk from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sagemaker from 'aws-cdk-lib/aws-sagemaker';
import { Construct } from 'constructs';

const features = (names: [string, string][]) =>
  names.map(([featureName, featureType]) => ({ featureName, featureType }));

export class FeatureStoreStack extends cdk.Stack {
  constructor(scope: Construct, id: string, props?: cdk.StackProps) {
    super(scope, id, props);

    const key = new kms.Key(this, 'FeatureKey', {
      description: 'Feature store offline and online data',
      enableKeyRotation: true,
    });

    const offline = new s3.Bucket(this, 'OfflineStoreBucket', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: key,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      removalPolicy: cdk.RemovalPolicy.RETAIN,
    });

    const role = new iam.Role(this, 'FeatureStoreRole', {
      assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com'),
      managedPolicies: [
        iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonSageMakerFeatureStoreAccess'),
      ],
    });
    offline.grantReadWrite(role);
    key.grantEncryptDecrypt(role);

    // Customer features are read by the fraud endpoint at ~2k rps; the
    // online store KMS key added too much latency in the load test.
    new sagemaker.CfnFeatureGroup(this, 'CustomerFeatures', {
      featureGroupName: 'customer-features',
      recordIdentifierFeatureName: 'customer_id',
      eventTimeFeatureName: 'event_time',
      featureDefinitions: features([
        ['customer_id', 'String'],
        ['event_time', 'String'],
        ['account_age_days', 'Integral'],
        ['chargebacks_90d', 'Integral'],
        ['avg_basket_value', 'Fractional'],
      ]),
      onlineStoreConfig: { enableOnlineStore: true },
      offlineStoreConfig: {
        s3StorageConfig: { s3Uri: `s3://${offline.bucketName}/customer-features`, kmsKeyId: key.keyArn },
      },
      roleArn: role.roleArn,
    });

    new sagemaker.CfnFeatureGroup(this, 'TransactionFeatures', {
      featureGroupName: 'transaction-features',
      recordIdentifierFeatureName: 'transaction_id',
      eventTimeFeatureName: 'event_time',
      featureDefinitions: features([
        ['transaction_id', 'String'],
        ['event_time', 'String'],
        ['amount', 'Fractional'],
        ['merchant_category', 'String'],
      ]),
      onlineStoreConfig: { enableOnlineStore: true, securityConfig: { kmsKeyId: key.keyArn } },
      offlineStoreConfig: {
        s3StorageConfig: { s3Uri: `s3://${offline.bucketName}/transaction-features`, kmsKeyId: key.keyArn },
      },
      roleArn: role.roleArn,
    });

    const notebook = new sagemaker.CfnNotebookInstance(this, 'ExplorationNotebook', {
      instanceType: 'ml.t3.medium',
      roleArn: role.roleArn,
      directInternetAccess: 'Enabled',
      volumeSizeInGb: 20,
    });
    notebook.addMetadata('cfn_nag', {
      rules_to_suppress: [{ id: 'W1201', reason: 'Scratch notebook, no customer data on the volume' }],
    });
  }
}
