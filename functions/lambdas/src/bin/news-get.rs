//! Lambda function `news-get`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("news-get");
