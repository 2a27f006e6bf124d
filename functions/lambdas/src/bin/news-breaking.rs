//! Lambda function `news-breaking`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("news-breaking");
