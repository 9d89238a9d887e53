#!/usr/bin/env node
import 'source-map-support/register';
import * as cdk from 'aws-cdk-lib';
import { FeatureStoreStack } from '../lib/feature-store-stack';

const app = new cdk.App();
new FeatureStoreStack(app, 'FeatureStoreStack', {
  env: { account: '111122223333', region: 'us-east-1' },
});
