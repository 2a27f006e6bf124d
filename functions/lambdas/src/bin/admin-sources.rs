//! Lambda function `admin-sources`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("admin-sources");
