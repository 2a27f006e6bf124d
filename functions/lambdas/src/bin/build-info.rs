//! Lambda function `build-info`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("build-info");
