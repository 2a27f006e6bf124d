//! Lambda function `news-list`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("news-list");
