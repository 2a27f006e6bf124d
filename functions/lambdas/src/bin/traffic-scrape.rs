//! Lambda function `traffic-scrape`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("traffic-scrape");
